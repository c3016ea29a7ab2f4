// kiosk/app/background_worker.cpp — one thread per worker, a FIFO of jobs, results into the inbox (see the
// header).
#include "kiosk/app/background_worker.hpp"

#include <pthread.h>

namespace jiebang::kiosk {

void ResultInbox::deliver(std::vector<Intent> intents) {
    if (intents.empty())
        return;
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        for (auto& intent : intents)
            intents_.push_back(std::move(intent));
        wake = wake_;
    }
    if (wake)
        wake();
}

std::vector<Intent> ResultInbox::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(intents_, {});
}

bool ResultInbox::empty() const {
    std::lock_guard lock(mutex_);
    return intents_.empty();
}

void ResultInbox::set_wake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

BackgroundWorker::BackgroundWorker(std::string name, ResultInbox& inbox)
    : name_(std::move(name)), inbox_(inbox), thread_([this]() { run(); }) {}

BackgroundWorker::~BackgroundWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    changed_.notify_all();
    thread_.join();
}

void BackgroundWorker::post(Job job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    changed_.notify_all();
}

bool BackgroundWorker::idle() const {
    std::lock_guard lock(mutex_);
    return jobs_.empty() && !running_job_;
}

void BackgroundWorker::wait_until_idle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this]() { return jobs_.empty() && !running_job_; });
}

void BackgroundWorker::run() {
    // Thread names show in top and gdb; Linux allows 15 characters.
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this]() { return stopping_ || !jobs_.empty(); });
        if (stopping_)
            return;
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        running_job_ = true;
        lock.unlock();
        std::vector<Intent> results = job();
        // Delivered before the worker reports idle, so wait_until_idle() followed by ResultInbox::take()
        // always sees the job's results.
        inbox_.deliver(std::move(results));
        lock.lock();
        running_job_ = false;
        changed_.notify_all();
    }
}

}  // namespace jiebang::kiosk

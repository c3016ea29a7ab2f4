// console/model/model_worker.cpp — the aggregator-facing worker thread (see model_worker.hpp).
#include "console/model/model_worker.hpp"

namespace jiebang::console::model {

ModelWorker::ModelWorker() : thread_([this] { run(); }) {}

ModelWorker::~ModelWorker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_worker_.notify_all();
    thread_.join();
}

void ModelWorker::post(Job job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_worker_.notify_one();
}

int ModelWorker::drain() {
    std::deque<Completion> ready;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ready.swap(completions_);
    }
    int count = 0;
    for (auto& completion : ready) {
        if (completion)
            completion();
        ++count;
    }
    return count;
}

bool ModelWorker::idle() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_.empty() && !running_job_ && completions_.empty();
}

void ModelWorker::wait_for_progress(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_waiter_.wait_for(lock, limit,
                          [this] { return !completions_.empty() || (jobs_.empty() && !running_job_); });
}

void ModelWorker::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_worker_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_)
            return;
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        running_job_ = true;
        lock.unlock();
        Completion completion = job ? job() : Completion{};
        lock.lock();
        running_job_ = false;
        if (!stopping_)
            completions_.push_back(std::move(completion));
        wake_waiter_.notify_all();
    }
}

}  // namespace jiebang::console::model

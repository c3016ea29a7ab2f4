// sync/aggregator/check_pool.cpp — the check pool (see the header for the invariants).
#include "sync/aggregator/check_pool.hpp"

#include <algorithm>

namespace jiebang::sync {

CheckPool::CheckPool(std::size_t threads, SubmissionChecker checker) : checker_(std::move(checker)) {
    for (std::size_t index = 0; index < threads; ++index)
        threads_.emplace_back([this] { work(); });
}

CheckPool::~CheckPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_posted_.notify_all();
    for (std::thread& thread : threads_)
        thread.join();
}

void CheckPool::post(CheckRound& round) {
    if (round.submits.empty())
        return;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(&round);
    }
    work_posted_.notify_all();
}

void CheckPool::finish(CheckRound& round) {
    while (check_next(round)) {
    }
    std::unique_lock lock(mutex_);
    queue_.erase(std::remove(queue_.begin(), queue_.end(), &round), queue_.end());
    round_finished_.wait(
        lock, [&] { return round.checks_done.load() == round.submits.size() && round.workers == 0; });
}

bool CheckPool::check_next(CheckRound& round) {
    const std::size_t index = round.next_check.fetch_add(1);
    if (index >= round.submits.size())
        return false;
    PendingCheck& pending = round.submits[index];
    pending.checked = checker_(pending.submit, pending.node, round.now, round.board.get());
    if (round.checks_done.fetch_add(1) + 1 == round.submits.size()) {
        std::lock_guard lock(mutex_);
        round_finished_.notify_all();
    }
    return true;
}

void CheckPool::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        work_posted_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_)
            return;
        CheckRound* round = queue_.front();
        if (round->next_check.load() >= round->submits.size()) {
            queue_.pop_front();  // every check claimed; the server thread waits for the last ones
            continue;
        }
        round->workers++;
        lock.unlock();
        while (check_next(*round)) {
        }
        lock.lock();
        round->workers--;
        round_finished_.notify_all();
    }
}

std::size_t check_threads() {
    const std::size_t cores = std::max<std::size_t>(1, std::thread::hardware_concurrency());
    return std::clamp<std::size_t>(cores - 1, 1, 3);  // the server thread checks too
}

}  // namespace jiebang::sync

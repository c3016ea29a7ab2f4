// sync/aggregator/check_pool.hpp — threads that run the pure SUBMIT checks (SHA-256, JSON, Ed25519,
// submission_check.hpp) of posted rounds, so that the server thread can write and fsync one round while the
// next is being checked.
// Invariants:
//  1. Every SUBMIT of a posted round is checked exactly once (claimed through an atomic counter), by a pool
//     thread or by the thread that calls finish().
//  2. finish(round) returns only when every check of the round is done and no pool thread still holds the
//     round; the caller helps with what is unclaimed, so a round never waits for a busy pool.
//  3. Rounds are taken oldest first. The destructor joins every thread; a round must be finished before it
//     is destroyed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sync/aggregator/submission_check.hpp"

namespace jiebang::sync {

struct PendingCheck {
    std::size_t message_index = 0;  // which message of its poll round carried the SUBMIT
    std::uint64_t correlation_id = 0;
    Submit submit;
    NodeRecord node;  // the sending node, from its enrolment
    Checked checked;  // the result, once checked
};

// The SUBMITs of one poll round. Kept at a fixed address from post() until finish() returned.
struct CheckRound {
    std::vector<PendingCheck> submits;
    std::int64_t now = 0;                     // Unix seconds, the round's one clock reading
    std::shared_ptr<const Board> board;       // the server's board when the round was taken, or null
    std::atomic<std::size_t> next_check{0};   // the next SUBMIT to claim for checking
    std::atomic<std::size_t> checks_done{0};  // SUBMITs whose check has finished
    std::size_t workers = 0;                  // pool threads inside this round (guarded by the pool's mutex)
};

using SubmissionChecker =
    std::function<Checked(const Submit&, const NodeRecord&, std::int64_t now, const Board* board)>;

class CheckPool {
  public:
    CheckPool(std::size_t threads, SubmissionChecker checker);
    CheckPool(const CheckPool&) = delete;
    CheckPool& operator=(const CheckPool&) = delete;
    ~CheckPool();

    // Queues the round's checks for the pool threads (nothing when it has no SUBMIT).
    void post(CheckRound& round);
    // Checks whatever of the round no thread has claimed yet, then waits until every check of the round is
    // done and no pool thread still holds the round.
    void finish(CheckRound& round);

  private:
    bool check_next(CheckRound& round);  // claims and checks one SUBMIT; false when none was left
    void work();

    SubmissionChecker checker_;
    std::mutex mutex_;
    std::condition_variable work_posted_;
    std::condition_variable round_finished_;
    std::deque<CheckRound*> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// Pool threads for this machine: cores - 1 (the server thread checks too), at least 1, at most 3.
std::size_t check_threads();

}  // namespace jiebang::sync

// console/model/model_worker.hpp — the one thread that talks to the aggregator. The application posts jobs
// (closures that call the StaffService and return what to do with the answer); the worker runs them in
// order, one at a time, and hands each completion back to the UI thread, which runs it in drain() between
// frames. The frame loop therefore never waits on the network.
// Invariants:
//  1. Jobs run in the order posted, one at a time, on the worker thread only: whatever a job touches (the
//     StaffService) needs no lock.
//  2. Completions run on the UI thread only, inside drain(), in the order their jobs finished.
//  3. idle() is true exactly when no job is queued or running and no completion waits: a scripted run
//     waits for it so that a script sees the answer of what it just asked for.
//  4. The destructor lets the running job finish, drops the queued ones and their completions, and joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace jiebang::console::model {

class ModelWorker {
  public:
    using Completion = std::function<void()>;
    using Job = std::function<Completion()>;

    ModelWorker();
    ~ModelWorker();
    ModelWorker(const ModelWorker&) = delete;
    ModelWorker& operator=(const ModelWorker&) = delete;

    void post(Job job);
    // Runs every completion that is ready (UI thread). Returns how many ran.
    int drain();
    bool idle() const;
    // Blocks until a completion is ready or the worker is idle, at most `limit`.
    void wait_for_progress(std::chrono::milliseconds limit);

  private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_worker_;
    std::condition_variable wake_waiter_;
    std::deque<Job> jobs_;
    std::deque<Completion> completions_;
    bool running_job_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace jiebang::console::model

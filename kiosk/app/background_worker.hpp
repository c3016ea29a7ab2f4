// kiosk/app/background_worker.hpp — work the frame thread must never wait for (the store's commits, lookups
// and polls with their busy waits, the printer, Argon2id PIN hashing) runs on a BackgroundWorker: one thread,
// jobs in the order they were posted. A job returns the intents that carry its result; they land in the
// ResultInbox, which the Application drains on the frame thread and applies like any other intent. The
// Application therefore still owns all state: a job sees only what was copied into it.
// Invariants: (1) jobs of one worker run one at a time, in posting order; (2) a result is applied on the frame
// thread only, after the job that produced it finished; (3) destroying a worker lets the running job finish,
// drops the jobs not started and joins the thread; (4) wait_until_idle() returns only when no job is queued or
// running, so a scripted run can make the terminal's screens deterministic.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/intent.hpp"

namespace jiebang::kiosk {

class ResultInbox {
  public:
    void deliver(std::vector<Intent> intents);
    std::vector<Intent> take();
    bool empty() const;
    // Called (from the worker's thread) after each delivery: wakes the interactive frame loop.
    void set_wake(std::function<void()> wake);

  private:
    mutable std::mutex mutex_;
    std::vector<Intent> intents_;
    std::function<void()> wake_;
};

class BackgroundWorker {
  public:
    using Job = std::function<std::vector<Intent>()>;

    BackgroundWorker(std::string name, ResultInbox& inbox);
    ~BackgroundWorker();
    BackgroundWorker(const BackgroundWorker&) = delete;
    BackgroundWorker& operator=(const BackgroundWorker&) = delete;

    void post(Job job);
    bool idle() const;
    void wait_until_idle();
    const std::string& name() const { return name_; }

  private:
    void run();

    std::string name_;
    ResultInbox& inbox_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> jobs_;
    bool running_job_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace jiebang::kiosk

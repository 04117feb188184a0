// How long to wait before the next reconnect: doubling from first up to
// most, and back to first once a connection has proved itself (reset).
#pragma once

#include <algorithm>
#include <chrono>

namespace cdc::daemon {

class Backoff {
   public:
    Backoff(std::chrono::milliseconds first, std::chrono::milliseconds most) : first_(first), most_(most), next_(first) {}

    // the wait before this attempt; the one after waits twice as long
    std::chrono::milliseconds next() {
        std::chrono::milliseconds wait = next_;
        next_ = std::min(next_ * 2, most_);
        return wait;
    }
    void reset() { next_ = first_; }

   private:
    std::chrono::milliseconds first_;
    std::chrono::milliseconds most_;
    std::chrono::milliseconds next_;
};

}  // namespace cdc::daemon

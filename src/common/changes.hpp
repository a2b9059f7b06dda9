// File: common/changes.hpp
//
// A process-wide channel announcing that something identified by a number (a user's id) changed, so in-memory
// copies can drop it. Publishers call Publish after the change committed (Tx::AfterCommit); subscribers keep the
// Subscription as long as they want to hear.
//
//   ChangeChannel& users = UserChanges();
//   auto subscription = users.Subscribe([this](std::int64_t id) { Forget(id); });
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <mutex>

namespace spotter {

class ChangeChannel {
public:
    using Listener = std::function<void(std::int64_t id)>;

    class Subscription {
    public:
        Subscription() = default;
        Subscription(Subscription&& other) noexcept : channel_(other.channel_), it_(other.it_) { other.channel_ = nullptr; }
        Subscription& operator=(Subscription&& other) noexcept;
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        ~Subscription() { Cancel(); }
        void Cancel();

    private:
        friend class ChangeChannel;
        Subscription(ChangeChannel* channel, std::list<Listener>::iterator it) : channel_(channel), it_(it) {}
        ChangeChannel* channel_ = nullptr;
        std::list<Listener>::iterator it_;
    };

    // `listener` runs on the publisher's thread and must be quick and not throw.
    Subscription Subscribe(Listener listener);
    void Publish(std::int64_t id);

private:
    std::mutex mutex_;
    std::list<Listener> listeners_;
};

// Something authentication or an access check reads about a user changed: role, active flag, verified e-mail,
// session version, assigned trainer.
ChangeChannel& UserChanges();

}  // namespace spotter

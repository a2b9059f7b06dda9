#include "common/changes.hpp"

namespace spotter {

ChangeChannel::Subscription& ChangeChannel::Subscription::operator=(Subscription&& other) noexcept {
    if (this != &other) {
        Cancel();
        channel_ = other.channel_;
        it_ = other.it_;
        other.channel_ = nullptr;
    }
    return *this;
}

void ChangeChannel::Subscription::Cancel() {
    if (!channel_) return;
    std::lock_guard lock(channel_->mutex_);
    channel_->listeners_.erase(it_);
    channel_ = nullptr;
}

ChangeChannel::Subscription ChangeChannel::Subscribe(Listener listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(listener));
    return Subscription(this, std::prev(listeners_.end()));
}

void ChangeChannel::Publish(std::int64_t id) {
    std::lock_guard lock(mutex_);
    for (const auto& listener : listeners_) listener(id);
}

ChangeChannel& UserChanges() {
    static ChangeChannel channel;
    return channel;
}

}  // namespace spotter

#include "workouts/response_cache.hpp"

namespace spotter::workouts {

ResponseCache::Body ResponseCache::Find(const std::string& key, std::int64_t version) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end() || found->second.version != version ||
        Clock::now() - found->second.built_at >= settings_.ttl) {
        return nullptr;
    }
    return found->second.body;
}

void ResponseCache::Keep(const std::string& key, std::int64_t version, Body body) {
    auto now = Clock::now();
    std::lock_guard lock(mutex_);
    if (entries_.size() >= settings_.capacity && !entries_.contains(key)) {
        std::erase_if(entries_, [&](const auto& entry) { return now - entry.second.built_at >= settings_.ttl; });
        if (entries_.size() >= settings_.capacity) entries_.clear();
    }
    entries_.insert_or_assign(key, Entry{version, now, std::move(body)});
}

void ResponseCache::Clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

}  // namespace spotter::workouts

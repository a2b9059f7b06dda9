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

std::size_t ResponseCache::SizeOf(const Entry& entry) {
    const auto& json = entry.body->json;
    return json ? json->plain.size() + json->gzip.size() : 0;
}

void ResponseCache::Keep(const std::string& key, std::int64_t version, Body body) {
    auto now = Clock::now();
    Entry entry{version, now, std::move(body)};
    std::size_t size = SizeOf(entry);
    std::lock_guard lock(mutex_);
    if (auto found = entries_.find(key); found != entries_.end()) {
        bytes_ -= SizeOf(found->second);
        entries_.erase(found);
    }
    if (entries_.size() >= settings_.capacity || bytes_ + size > settings_.max_bytes) {
        std::erase_if(entries_, [&](const auto& item) {
            bool old = now - item.second.built_at >= settings_.ttl;
            if (old) bytes_ -= SizeOf(item.second);
            return old;
        });
        if (entries_.size() >= settings_.capacity || bytes_ + size > settings_.max_bytes) {
            entries_.clear();
            bytes_ = 0;
        }
    }
    if (size > settings_.max_bytes) return;
    bytes_ += size;
    entries_.emplace(key, std::move(entry));
}

void ResponseCache::Clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    bytes_ = 0;
}

MemberFactsCache::MemberFactsCache(std::chrono::milliseconds ttl, std::size_t capacity)
    : ttl_(ttl),
      capacity_(capacity),
      users_(UserChanges().Subscribe([this](std::int64_t id) { Forget(id); })),
      records_(RecordsChanges().Subscribe([this](std::int64_t id) { Forget(id); })) {}

std::optional<MemberFacts> MemberFactsCache::Find(std::int64_t member_id) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(member_id);
    if (found == entries_.end() || Clock::now() - found->second.read_at >= ttl_) return std::nullopt;
    return found->second.facts;
}

std::uint64_t MemberFactsCache::Ticket() const {
    std::lock_guard lock(mutex_);
    return forgotten_;
}

void MemberFactsCache::Keep(std::int64_t member_id, const MemberFacts& facts, std::uint64_t ticket) {
    auto now = Clock::now();
    std::lock_guard lock(mutex_);
    if (ticket != forgotten_) return;
    if (entries_.size() >= capacity_ && !entries_.contains(member_id)) {
        std::erase_if(entries_, [&](const auto& entry) { return now - entry.second.read_at >= ttl_; });
        if (entries_.size() >= capacity_) entries_.clear();
    }
    entries_.insert_or_assign(member_id, Entry{facts, now});
}

void MemberFactsCache::Forget(std::int64_t member_id) {
    std::lock_guard lock(mutex_);
    entries_.erase(member_id);
    ++forgotten_;
}

}  // namespace spotter::workouts

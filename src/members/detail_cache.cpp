#include "members/detail_cache.hpp"

namespace spotter::members {

DetailCache::DetailCache(std::chrono::milliseconds ttl, std::size_t max_bytes)
    : ttl_(ttl), max_bytes_(max_bytes), users_(UserChanges().Subscribe([this](std::int64_t id) { Forget(id); })) {}

std::size_t DetailCache::SizeOf(const Entry& entry) {
    return entry.member_json.size() + (entry.body ? entry.body->plain.size() + entry.body->gzip.size() : 0);
}

std::shared_ptr<const DetailCache::Entry> DetailCache::Find(std::int64_t member_id, std::int64_t viewer_id) const {
    std::lock_guard lock(mutex_);
    auto found = slots_.find({member_id, viewer_id});
    return found == slots_.end() ? nullptr : found->second.entry;
}

std::shared_ptr<const http::SharedBody> DetailCache::FindFresh(std::int64_t member_id, std::int64_t viewer_id,
                                                               std::int64_t records_version) const {
    std::lock_guard lock(mutex_);
    auto found = slots_.find({member_id, viewer_id});
    if (found == slots_.end()) return nullptr;
    const Slot& slot = found->second;
    if (!slot.trusted || slot.entry->records_version != records_version || Clock::now() - slot.checked_at >= ttl_) {
        return nullptr;
    }
    return slot.entry->body;
}

std::uint64_t DetailCache::Ticket() const {
    std::lock_guard lock(mutex_);
    return forgotten_;
}

void DetailCache::Keep(std::int64_t member_id, std::int64_t viewer_id, std::shared_ptr<const Entry> entry,
                       std::uint64_t ticket) {
    auto now = Clock::now();
    std::size_t size = SizeOf(*entry);
    std::lock_guard lock(mutex_);
    auto key = std::pair{member_id, viewer_id};
    if (auto found = slots_.find(key); found != slots_.end()) {
        bytes_ -= SizeOf(*found->second.entry);
        slots_.erase(found);
    }
    if (bytes_ + size > max_bytes_) {
        std::erase_if(slots_, [&](const auto& item) {
            bool old = now - item.second.checked_at >= ttl_;
            if (old) bytes_ -= SizeOf(*item.second.entry);
            return old;
        });
        if (bytes_ + size > max_bytes_) {
            slots_.clear();
            bytes_ = 0;
        }
    }
    if (size > max_bytes_) return;
    bytes_ += size;
    slots_.emplace(key, Slot{std::move(entry), now, ticket == forgotten_});
}

void DetailCache::Forget(std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    ++forgotten_;
    std::erase_if(slots_, [&](const auto& item) {
        const auto& [key, slot] = item;
        bool shows = key.first == user_id || key.second == user_id || slot.entry->trainer_id == user_id;
        if (shows) bytes_ -= SizeOf(*slot.entry);
        return shows;
    });
}

}  // namespace spotter::members

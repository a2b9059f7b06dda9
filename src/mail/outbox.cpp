#include "mail/outbox.hpp"

#include "common/clock.hpp"
#include "common/random.hpp"

namespace spotter::mail {

namespace {

// The due-row predicate; it matches the partial index mail_outbox_due.
constexpr const char* kPending = "sent_at IS NULL AND failed_at IS NULL";

long long CountWhere(storage::Tx& tx, const std::string& where) {
    long long n = 0;
    tx.sql << "SELECT COUNT(*) FROM mail_outbox WHERE " + where, soci::into(n);
    return n;
}

}  // namespace

void Enqueue(storage::Tx& tx, const Message& message) {
    ValidateMessage(message);
    long long now = NowMicros();
    std::string message_id = RandomHex(16);
    tx.sql << "INSERT INTO mail_outbox(message_id, to_address, subject, body_text, created_at, attempts, "
              "next_attempt_at) VALUES(:message_id, :to_address, :subject, :body_text, :created_at, 0, :next)",
        soci::use(message_id), soci::use(message.to), soci::use(message.subject), soci::use(message.text),
        soci::use(now), soci::use(now);
}

std::vector<OutboxEntry> ClaimDue(storage::Tx& tx, std::int64_t now, std::int64_t lease_micros, std::size_t limit) {
    std::vector<OutboxEntry> claimed;
    if (limit == 0) return claimed;
    long long now_value = now;
    long long until = now + lease_micros;
    long long limit_value = static_cast<long long>(limit);
    std::vector<long long> ids(limit);
    std::string select = std::string("SELECT id FROM mail_outbox WHERE ") + kPending +
                         " AND next_attempt_at <= :now1 AND (locked_until IS NULL OR locked_until <= :now2) "
                         "ORDER BY next_attempt_at, id LIMIT :limit";
    if (tx.dialect == storage::Dialect::kPostgres) select += " FOR UPDATE SKIP LOCKED";
    tx.sql << select, soci::use(now_value), soci::use(now_value), soci::use(limit_value), soci::into(ids);

    for (long long id : ids) {
        // Conditional: the row may have been claimed, sent or given up since it was selected (PostgreSQL re-checks
        // the condition on the newest row version after waiting for a concurrent writer).
        soci::statement claim = (tx.sql.prepare << std::string("UPDATE mail_outbox SET locked_until = :until "
                                                               "WHERE id = :id AND ") +
                                                       kPending + " AND (locked_until IS NULL OR locked_until <= :now)",
                                 soci::use(until), soci::use(id), soci::use(now_value));
        claim.execute(true);
        if (claim.get_affected_rows() != 1) continue;
        OutboxEntry entry;
        entry.id = id;
        entry.locked_until = until;
        long long created_at = 0;
        tx.sql << "SELECT message_id, to_address, subject, body_text, created_at, attempts FROM mail_outbox "
                  "WHERE id = :id",
            soci::use(id), soci::into(entry.message_id), soci::into(entry.message.to),
            soci::into(entry.message.subject), soci::into(entry.message.text), soci::into(created_at),
            soci::into(entry.attempts);
        entry.created_at = created_at;
        claimed.push_back(std::move(entry));
    }
    return claimed;
}

bool MarkSent(storage::Tx& tx, const OutboxEntry& entry, std::int64_t now) {
    long long id = entry.id, token = entry.locked_until, now_value = now;
    soci::statement st = (tx.sql.prepare << "UPDATE mail_outbox SET attempts = attempts + 1, sent_at = :now, "
                                            "locked_until = NULL WHERE id = :id AND locked_until = :token",
                          soci::use(now_value), soci::use(id), soci::use(token));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

bool MarkFailed(storage::Tx& tx, const OutboxEntry& entry, std::int64_t now, const std::string& error,
                std::int64_t next_attempt_at, bool give_up) {
    long long id = entry.id, token = entry.locked_until, next = next_attempt_at;
    long long failed_at = now;
    soci::indicator failed_ind = give_up ? soci::i_ok : soci::i_null;
    soci::statement st =
        (tx.sql.prepare << "UPDATE mail_outbox SET attempts = attempts + 1, last_error = :error, "
                           "next_attempt_at = :next, failed_at = :failed_at, locked_until = NULL "
                           "WHERE id = :id AND locked_until = :token",
         soci::use(error), soci::use(next), soci::use(failed_at, failed_ind), soci::use(id), soci::use(token));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void ReleaseClaim(storage::Tx& tx, const OutboxEntry& entry) {
    long long id = entry.id, token = entry.locked_until;
    tx.sql << "UPDATE mail_outbox SET locked_until = NULL WHERE id = :id AND locked_until = :token", soci::use(id),
        soci::use(token);
}

OutboxStats CountOutbox(storage::Tx& tx) {
    OutboxStats stats;
    stats.pending = CountWhere(tx, kPending);
    stats.sent = CountWhere(tx, "sent_at IS NOT NULL");
    stats.failed = CountWhere(tx, "failed_at IS NOT NULL");
    return stats;
}

}  // namespace spotter::mail

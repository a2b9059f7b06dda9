// File: mail/outbox.hpp
//
// The mail outbox (table mail_outbox, migration 0003): a transactional outbox. A request that causes an e-mail
// calls Enqueue inside its own write transaction, so the mail exists if and only if the action committed; the
// OutboxWorker (mail/outbox_worker.hpp) sends it later, outside any request. Rows stay until they are sent or
// given up, so nothing acknowledged is lost across restarts.
//
//   db.Write([&](storage::Tx& tx) {
//       auto id = accounts::InsertUser(tx, user);
//       mail::Enqueue(tx, {user.email, "Spotter 가입을 환영합니다", text});
//   });
//   worker.Wake();  // after the commit: send now rather than at the next poll
//
// The functions below the first are the worker's repository; they are public for the worker and for tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mail/message.hpp"
#include "storage/database.hpp"

namespace spotter::mail {

// Validates `message` (see ValidateMessage; throws std::invalid_argument, which rolls the caller's transaction
// back when it is not caught) and inserts it into the outbox in the caller's transaction, due now, with a new
// unique message id.
void Enqueue(storage::Tx& tx, const Message& message);

// An outbox row claimed for sending.
struct OutboxEntry {
    std::int64_t id = 0;
    std::string message_id;  // unique; the Message-ID header's left part
    Message message;
    std::int64_t created_at = 0;    // microseconds since the epoch; the Date header
    int attempts = 0;               // attempts made before this one
    std::int64_t locked_until = 0;  // the claim: valid until then, and the token of this claim
};

// Claims up to `limit` due rows (not sent, not given up, next_attempt_at <= now, not claimed or claim expired) by
// setting locked_until = now + lease_micros with a conditional UPDATE, oldest due first. Two callers never claim
// one row at once: on PostgreSQL the candidates are selected FOR UPDATE SKIP LOCKED and each UPDATE re-checks the
// claim; on SQLite write transactions are serialised (BEGIN IMMEDIATE).
std::vector<OutboxEntry> ClaimDue(storage::Tx& tx, std::int64_t now, std::int64_t lease_micros, std::size_t limit);

// Records a successful send of the row claimed by `entry` (attempts + 1, sent_at = now, claim cleared). Returns
// false when the claim was lost (another worker took the row after the lease expired).
bool MarkSent(storage::Tx& tx, const OutboxEntry& entry, std::int64_t now);

// Records a failed attempt of the row claimed by `entry`: attempts + 1, last_error = `error` (store it already
// truncated and free of credentials), claim cleared, and either next_attempt_at = `next_attempt_at` or, when
// `give_up`, failed_at = now. Returns false when the claim was lost.
bool MarkFailed(storage::Tx& tx, const OutboxEntry& entry, std::int64_t now, const std::string& error,
                std::int64_t next_attempt_at, bool give_up);

// Clears the claim of `entry` without counting an attempt (the worker stopped before sending it).
void ReleaseClaim(storage::Tx& tx, const OutboxEntry& entry);

struct OutboxStats {
    std::int64_t pending = 0;  // not sent yet and not given up (including rows waiting for a retry)
    std::int64_t sent = 0;
    std::int64_t failed = 0;  // given up after the last attempt
};

OutboxStats CountOutbox(storage::Tx& tx);

}  // namespace spotter::mail

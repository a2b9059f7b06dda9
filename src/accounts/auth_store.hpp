// File: accounts/auth_store.hpp
// Storage of refresh-token families and e-mailed codes. Functions take the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace spotter::accounts {

struct RefreshRecord {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string family_id;
    std::int64_t expires_at = 0;
    bool used = false;
    bool revoked = false;
};

void InsertRefreshToken(storage::Tx& tx, std::int64_t user_id, const std::string& family_id,
                        const std::string& token_hash, std::int64_t now, std::int64_t expires_at);
std::optional<RefreshRecord> FindRefreshToken(storage::Tx& tx, const std::string& token_hash);
// Marks an unused, unrevoked token used. False when another request got there first.
bool ClaimRefreshToken(storage::Tx& tx, std::int64_t id, std::int64_t now);
void RevokeFamily(storage::Tx& tx, const std::string& family_id, std::int64_t now);
void RevokeAllSessions(storage::Tx& tx, std::int64_t user_id, std::int64_t now);
// Access tokens issued before `now` stop working (sessions revoked, password changed).
void InvalidateAccessTokens(storage::Tx& tx, std::int64_t user_id, std::int64_t now);
std::int64_t TokensValidAfter(storage::Tx& tx, std::int64_t user_id);

enum class CodePurpose { kVerifyEmail, kResetPassword };
const char* CodePurposeName(CodePurpose purpose);

struct CodeRecord {
    std::int64_t id = 0;
    std::string code_hash;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    int attempts = 0;
};

// Retires the user's open codes of that purpose and stores a new one.
void ReplaceCode(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose, const std::string& code_hash,
                 std::int64_t now, std::int64_t expires_at);
// The newest unconsumed code, if any.
std::optional<CodeRecord> LatestOpenCode(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose);
// When the newest code of that purpose was created (consumed or not).
std::optional<std::int64_t> LastCodeCreatedAt(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose);
void CountWrongTry(storage::Tx& tx, std::int64_t code_id);
void ConsumeCode(storage::Tx& tx, std::int64_t code_id, std::int64_t now);

void MarkEmailVerified(storage::Tx& tx, std::int64_t user_id, std::int64_t now);
void RecordLogin(storage::Tx& tx, std::int64_t user_id, std::int64_t now);

}  // namespace spotter::accounts

#include "accounts/auth_store.hpp"

#include "accounts/principal_cache.hpp"

namespace spotter::accounts {

void InsertRefreshToken(storage::Tx& tx, std::int64_t user_id, const std::string& family_id,
                        const std::string& token_hash, std::int64_t now, std::int64_t expires_at) {
    long long user = user_id, created = now, expires = expires_at;
    tx.sql << "INSERT INTO refresh_tokens(user_id, family_id, token_hash, created_at, expires_at) "
              "VALUES(:user, :family, :hash, :created, :expires)",
        soci::use(user), soci::use(family_id), soci::use(token_hash), soci::use(created), soci::use(expires);
}

std::optional<RefreshRecord> FindRefreshToken(storage::Tx& tx, const std::string& token_hash) {
    RefreshRecord record;
    long long id = 0, user = 0, expires = 0, used = 0, revoked = 0;
    soci::indicator used_ind = soci::i_ok, revoked_ind = soci::i_ok;
    tx.sql << "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens "
              "WHERE token_hash = :hash",
        soci::use(token_hash), soci::into(id), soci::into(user), soci::into(record.family_id), soci::into(expires),
        soci::into(used, used_ind), soci::into(revoked, revoked_ind);
    if (!tx.sql.got_data()) return std::nullopt;
    record.id = id;
    record.user_id = user;
    record.expires_at = expires;
    record.used = used_ind == soci::i_ok;
    record.revoked = revoked_ind == soci::i_ok;
    return record;
}

bool ClaimRefreshToken(storage::Tx& tx, std::int64_t id, std::int64_t now) {
    long long key = id, at = now;
    soci::statement st = (tx.sql.prepare << "UPDATE refresh_tokens SET used_at = :now "
                                            "WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL",
                          soci::use(at), soci::use(key));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void RevokeFamily(storage::Tx& tx, const std::string& family_id, std::int64_t now) {
    long long at = now;
    tx.sql << "UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL",
        soci::use(at), soci::use(family_id);
}

void RevokeAllSessions(storage::Tx& tx, std::int64_t user_id, std::int64_t now) {
    long long at = now, user = user_id;
    tx.sql << "UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL",
        soci::use(at), soci::use(user);
}

void InvalidateAccessTokens(storage::Tx& tx, std::int64_t user_id, std::int64_t now) {
    long long at = now, user = user_id;
    tx.sql << "UPDATE users SET tokens_valid_after = :now, updated_at = :now2 WHERE id = :user", soci::use(at),
        soci::use(at), soci::use(user);
    tx.AfterCommit([user_id] { NotifyUserChanged(user_id); });
}

std::int64_t TokensValidAfter(storage::Tx& tx, std::int64_t user_id) {
    long long user = user_id, after = 0;
    tx.sql << "SELECT tokens_valid_after FROM users WHERE id = :user", soci::use(user), soci::into(after);
    return after;
}

const char* CodePurposeName(CodePurpose purpose) {
    return purpose == CodePurpose::kVerifyEmail ? "verify_email" : "reset_password";
}

void ReplaceCode(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose, const std::string& code_hash,
                 std::int64_t now, std::int64_t expires_at) {
    long long user = user_id, created = now, expires = expires_at;
    std::string name = CodePurposeName(purpose);
    tx.sql << "UPDATE verification_codes SET consumed_at = :now WHERE user_id = :user AND purpose = :purpose "
              "AND consumed_at IS NULL",
        soci::use(created), soci::use(user), soci::use(name);
    tx.sql << "INSERT INTO verification_codes(user_id, purpose, code_hash, created_at, expires_at) "
              "VALUES(:user, :purpose, :hash, :created, :expires)",
        soci::use(user), soci::use(name), soci::use(code_hash), soci::use(created), soci::use(expires);
}

std::optional<CodeRecord> LatestOpenCode(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose) {
    CodeRecord record;
    long long user = user_id, id = 0, created = 0, expires = 0;
    std::string name = CodePurposeName(purpose);
    tx.sql << "SELECT id, code_hash, created_at, expires_at, attempts FROM verification_codes "
              "WHERE user_id = :user AND purpose = :purpose AND consumed_at IS NULL "
              "ORDER BY created_at DESC, id DESC LIMIT 1",
        soci::use(user), soci::use(name), soci::into(id), soci::into(record.code_hash), soci::into(created),
        soci::into(expires), soci::into(record.attempts);
    if (!tx.sql.got_data()) return std::nullopt;
    record.id = id;
    record.created_at = created;
    record.expires_at = expires;
    return record;
}

std::optional<std::int64_t> LastCodeCreatedAt(storage::Tx& tx, std::int64_t user_id, CodePurpose purpose) {
    long long user = user_id, created = 0;
    soci::indicator ind = soci::i_ok;
    std::string name = CodePurposeName(purpose);
    tx.sql << "SELECT MAX(created_at) FROM verification_codes WHERE user_id = :user AND purpose = :purpose",
        soci::use(user), soci::use(name), soci::into(created, ind);
    if (ind != soci::i_ok) return std::nullopt;
    return created;
}

void CountWrongTry(storage::Tx& tx, std::int64_t code_id) {
    long long id = code_id;
    tx.sql << "UPDATE verification_codes SET attempts = attempts + 1 WHERE id = :id", soci::use(id);
}

void ConsumeCode(storage::Tx& tx, std::int64_t code_id, std::int64_t now) {
    long long id = code_id, at = now;
    tx.sql << "UPDATE verification_codes SET consumed_at = :now WHERE id = :id", soci::use(at), soci::use(id);
}

void MarkEmailVerified(storage::Tx& tx, std::int64_t user_id, std::int64_t now) {
    long long id = user_id, at = now;
    tx.sql << "UPDATE users SET email_verified = 1, updated_at = :now WHERE id = :id", soci::use(at), soci::use(id);
    tx.AfterCommit([user_id] { NotifyUserChanged(user_id); });
}

void RecordLogin(storage::Tx& tx, std::int64_t user_id, std::int64_t now) {
    long long id = user_id, at = now;
    tx.sql << "UPDATE users SET last_login_at = :now WHERE id = :id", soci::use(at), soci::use(id);
}

}  // namespace spotter::accounts

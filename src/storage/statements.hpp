// File: storage/statements.hpp
//
// Statements prepared once per connection and reused. Preparing is most of the cost of a small query: SQLite
// parses and plans the text every time, and PostgreSQL spends a round trip preparing a named statement and
// another deallocating it. Hot repository queries therefore run through here:
//
//   struct DayRow {                              // the selected columns, bound with into() once
//       long long id = 0;
//       int sets = 0;
//       void Bind(soci::statement& st) { st.exchange(soci::into(id)); st.exchange(soci::into(sets)); }
//   };
//   auto rows = storage::Query<DayRow>(tx, "SELECT id, total_sets FROM daily_workouts WHERE member_id = :m", id);
//   while (rows.Next()) Use(rows->id, rows->sets);
//
//   storage::Exec(tx, "UPDATE users SET name = :name WHERE id = :id", name, id);
//
// Parameters bind in order (give every placeholder its own name: SQLite shares one value between placeholders
// of the same name). std::optional binds NULL when empty; 64-bit integers bind as long long, bool as 0/1. The
// SQL text is the cache key, so it must carry no values of its own; past a fixed number of statements per
// connection, new ones run uncached. A cursor resets its statement when it is destroyed, so an unfinished
// SQLite read never keeps its snapshot open. Database::Run clears a connection's statements after any failed
// transaction, so a statement left in an unknown state is never reused.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>

#include <soci/soci.h>

#include "storage/database.hpp"

namespace spotter::storage {

// For statements that select nothing.
struct NoColumns {
    void Bind(soci::statement&) {}
};

// One selected value; `value` is meaningful when `ind` is soci::i_ok.
template <class T>
struct Column {
    T value{};
    soci::indicator ind = soci::i_ok;
    void Bind(soci::statement& st) { st.exchange(soci::into(value, ind)); }
    std::optional<T> get() const { return ind == soci::i_ok ? std::optional<T>(value) : std::nullopt; }
};

// The prepared statements of one connection.
class StatementCache {
public:
    static constexpr std::size_t kMaxStatements = 256;

    struct Entry {
        explicit Entry(soci::session& session) : statement(session) {}
        virtual ~Entry() = default;
        soci::statement statement;
        bool busy = false;
    };

    Entry* Find(std::string_view sql, const std::type_info& type) const;
    // Keeps `entry` under `sql` and returns it, or returns nullptr (and leaves `entry` with the caller) when
    // the cache is full.
    Entry* Keep(std::string_view sql, const std::type_info& type, std::unique_ptr<Entry>& entry);
    void Clear() { entries_.clear(); }
    std::size_t size() const { return entries_.size(); }

private:
    struct Kept {
        const std::type_info* type;
        std::unique_ptr<Entry> entry;
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, Kept, Hash, std::equal_to<>> entries_;
};

namespace detail {

// The type a parameter of type T is stored and bound as.
template <class T>
auto BoundAs() {
    using U = std::remove_cvref_t<T>;
    if constexpr (std::is_same_v<U, bool>) {
        return int{};
    } else if constexpr (std::is_integral_v<U> && sizeof(U) == 8) {
        return static_cast<long long>(0);
    } else if constexpr (std::is_integral_v<U>) {
        return int{};
    } else if constexpr (std::is_floating_point_v<U>) {
        return double{};
    } else {
        static_assert(std::is_convertible_v<U, std::string_view>, "unsupported parameter type");
        return std::string{};
    }
}

// How a parameter of type T is kept: its bound type, or std::optional of it for a nullable parameter.
template <class T>
struct StoredAs {
    using type = decltype(BoundAs<T>());
};
template <class T>
struct StoredAs<std::optional<T>> {
    using type = std::optional<decltype(BoundAs<T>())>;
};
template <class T>
using Stored = typename StoredAs<std::remove_cvref_t<T>>::type;

template <class V>
struct Param {
    V value{};
    soci::indicator ind = soci::i_ok;
    template <class A>
    void Set(const A& v) {
        if constexpr (std::is_same_v<V, std::string>) {
            value.assign(std::string_view(v));
        } else {
            value = static_cast<V>(v);
        }
        ind = soci::i_ok;
    }
};

template <class V>
struct Param<std::optional<V>> {
    V value{};
    soci::indicator ind = soci::i_null;
    template <class A>
    void Set(const std::optional<A>& v) {
        if (v) {
            Param<V> inner;
            inner.Set(*v);
            value = std::move(inner.value);
            ind = soci::i_ok;
        } else {
            value = V{};
            ind = soci::i_null;
        }
    }
};

// A cached statement with its columns and parameters; `Values` are the parameters' Stored types, so calls whose
// arguments differ only in spelling (const char* or std::string, int64_t or long long) share one statement.
template <class Columns, class... Values>
struct TypedEntry : StatementCache::Entry {
    explicit TypedEntry(soci::session& session) : Entry(session) {}
    Columns columns;
    std::tuple<Param<Values>...> params;

    void Prepare(const std::string& sql) {
        columns.Bind(statement);
        std::apply([&](auto&... p) { (statement.exchange(soci::use(p.value, p.ind)), ...); }, params);
        statement.alloc();
        statement.prepare(sql);
        statement.define_and_bind();
    }
};

// Resets the statement (SQLite: sqlite3_reset, so the read it ran ends) after its cursor is done.
void ResetStatement(Dialect dialect, soci::statement& statement);

}  // namespace detail

// The rows of one execution of a cached statement; the statement is executed on construction.
template <class Columns>
class Rows {
public:
    template <class... Params>
    Rows(Tx& tx, std::string_view sql, const Params&... params) : dialect_(tx.dialect) {
        using Typed = detail::TypedEntry<Columns, detail::Stored<Params>...>;
        StatementCache::Entry* found = tx.statements ? tx.statements->Find(sql, typeid(Typed)) : nullptr;
        Typed* typed = static_cast<Typed*>(found);
        if (!found || found->busy) {
            // Not prepared yet on this connection, or in use higher up the stack (then this one stays private).
            auto fresh = std::make_unique<Typed>(tx.sql);
            fresh->Prepare(std::string(sql));
            typed = fresh.get();
            std::unique_ptr<StatementCache::Entry> entry = std::move(fresh);
            if (found || !tx.statements || !tx.statements->Keep(sql, typeid(Typed), entry)) owned_ = std::move(entry);
        }
        entry_ = typed;
        columns_ = &typed->columns;
        entry_->busy = true;
        try {
            std::apply([&](auto&... p) { (p.Set(params), ...); }, typed->params);
            has_row_ = entry_->statement.execute(true);
        } catch (...) {
            Release();
            throw;
        }
    }
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;
    ~Rows() { Release(); }

    // Moves to the next row (the first call: the first row). False when there are no more.
    bool Next() {
        if (first_) {
            first_ = false;
            return has_row_;
        }
        if (!has_row_) return false;
        has_row_ = entry_->statement.fetch();
        return has_row_;
    }
    const Columns& operator*() const { return *columns_; }
    const Columns* operator->() const { return columns_; }
    long long affected_rows() { return entry_->statement.get_affected_rows(); }

private:
    void Release() {
        if (!entry_) return;
        try {
            detail::ResetStatement(dialect_, entry_->statement);
        } catch (...) {
        }
        entry_->busy = false;
        entry_ = nullptr;
    }

    Dialect dialect_;
    StatementCache::Entry* entry_ = nullptr;
    std::unique_ptr<StatementCache::Entry> owned_;
    Columns* columns_ = nullptr;
    bool first_ = true;
    bool has_row_ = false;
};

// Runs a cached SELECT; iterate with Next().
template <class Columns, class... Params>
Rows<Columns> Query(Tx& tx, std::string_view sql, const Params&... params) {
    return Rows<Columns>(tx, sql, params...);
}

// Runs a cached statement that selects nothing; returns the number of rows it changed.
template <class... Params>
long long Exec(Tx& tx, std::string_view sql, const Params&... params) {
    Rows<NoColumns> rows(tx, sql, params...);
    return rows.affected_rows();
}

// The single value selected by a cached statement: empty when there is no row or the value is NULL.
template <class T, class... Params>
std::optional<T> Scalar(Tx& tx, std::string_view sql, const Params&... params) {
    Rows<Column<T>> rows(tx, sql, params...);
    if (!rows.Next()) return std::nullopt;
    return rows->get();
}

}  // namespace spotter::storage

#include "members/member_repository.hpp"

#include "accounts/principal_cache.hpp"
#include "storage/statements.hpp"

namespace spotter::members {

namespace {

// The columns of a profile, users joined with profiles (which may have no row yet).
constexpr const char* kSelect =
    "SELECT u.id, u.name, u.email, u.phone, u.user_type, u.is_active, u.email_verified, u.trainer_id, u.created_at, "
    "u.updated_at, p.age, p.height_cm, p.weight_kg, p.body_fat_percentage, p.muscle_mass_kg, p.time_zone, "
    "p.image_path, p.thumbnail_path, p.updated_at FROM users u LEFT JOIN profiles p ON p.user_id = u.id ";

// Typed into() targets for one row of kSelect.
struct Row {
    long long id = 0, trainer = 0, created = 0, updated = 0, profile_updated = 0;
    std::string name, email, phone, user_type, time_zone, image, thumbnail;
    int active = 0, verified = 0, age = 0;
    double height = 0, weight = 0, fat = 0, muscle = 0;
    soci::indicator phone_i{}, trainer_i{}, age_i{}, height_i{}, weight_i{}, fat_i{}, muscle_i{}, zone_i{}, image_i{},
        thumbnail_i{}, profile_updated_i{};

    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(name));
        st.exchange(soci::into(email));
        st.exchange(soci::into(phone, phone_i));
        st.exchange(soci::into(user_type));
        st.exchange(soci::into(active));
        st.exchange(soci::into(verified));
        st.exchange(soci::into(trainer, trainer_i));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
        st.exchange(soci::into(age, age_i));
        st.exchange(soci::into(height, height_i));
        st.exchange(soci::into(weight, weight_i));
        st.exchange(soci::into(fat, fat_i));
        st.exchange(soci::into(muscle, muscle_i));
        st.exchange(soci::into(time_zone, zone_i));
        st.exchange(soci::into(image, image_i));
        st.exchange(soci::into(thumbnail, thumbnail_i));
        st.exchange(soci::into(profile_updated, profile_updated_i));
    }

    Profile ToProfile() const {
        auto opt = [](soci::indicator ind, auto value) {
            return ind == soci::i_ok ? std::optional<decltype(value)>(value) : std::nullopt;
        };
        Profile p;
        p.id = id;
        p.name = name;
        p.email = email;
        p.phone = opt(phone_i, phone);
        p.user_type = user_type;
        p.is_active = active != 0;
        p.email_verified = verified != 0;
        if (trainer_i == soci::i_ok) p.trainer_id = trainer;
        p.created_at = created;
        p.updated_at = profile_updated_i == soci::i_ok ? std::max(updated, profile_updated) : updated;
        p.age = opt(age_i, age);
        p.height_cm = opt(height_i, height);
        p.weight_kg = opt(weight_i, weight);
        p.body_fat_percentage = opt(fat_i, fat);
        p.muscle_mass_kg = opt(muscle_i, muscle);
        if (zone_i == soci::i_ok) p.time_zone = time_zone;
        p.image_path = opt(image_i, image);
        p.thumbnail_path = opt(thumbnail_i, thumbnail);
        return p;
    }
};

// Runs kSelect + `tail` with the given bound values and collects every row.
template <class... Uses>
std::vector<Profile> Query(storage::Tx& tx, const std::string& tail, Uses&&... uses) {
    Row row;
    soci::statement st(tx.sql);
    row.Bind(st);
    (st.exchange(std::forward<Uses>(uses)), ...);
    st.alloc();
    st.prepare(std::string(kSelect) + tail);
    st.define_and_bind();
    st.execute(false);
    std::vector<Profile> out;
    while (st.fetch()) out.push_back(row.ToProfile());
    return out;
}

std::string PageClause(const std::optional<Page>& page) {
    if (!page) return {};
    return " LIMIT " + std::to_string(page->limit) + " OFFSET " + std::to_string(page->offset);
}

// LIKE pattern matching `query` literally (escape character '\').
std::string ContainsPattern(const std::string& query) {
    std::string out = "%";
    for (char c : query) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out + "%";
}

constexpr const char* kUnassignedWhere =
    "WHERE u.user_type = 'member' AND u.is_active = 1 AND u.trainer_id IS NULL "
    "AND (LOWER(u.name) LIKE :q ESCAPE '\\' OR u.email_normalized LIKE :q2 ESCAPE '\\') ";

}  // namespace

bool Profile::Completed() const {
    bool basics = !name.empty() && phone && !phone->empty();
    if (user_type == "trainer") return basics && image_path.has_value();
    return basics && age && height_cm && weight_kg;
}

std::optional<Profile> LoadProfile(storage::Tx& tx, std::int64_t user_id) {
    // Read on most requests (access checks): a statement prepared once per connection.
    static const std::string kSql = std::string(kSelect) + "WHERE u.id = :id";
    auto rows = storage::Query<Row>(tx, kSql, user_id);
    if (!rows.Next()) return std::nullopt;
    return rows->ToProfile();
}

void SaveProfile(storage::Tx& tx, const Profile& p, std::int64_t now) {
    long long id = p.id, at = now;
    std::string phone = p.phone.value_or("");
    soci::indicator phone_i = p.phone ? soci::i_ok : soci::i_null;
    tx.sql << "UPDATE users SET name = :name, phone = :phone, updated_at = :now WHERE id = :id", soci::use(p.name),
        soci::use(phone, phone_i), soci::use(at), soci::use(id);

    auto ind = [](const auto& optional) { return optional ? soci::i_ok : soci::i_null; };
    int age = p.age.value_or(0);
    double height = p.height_cm.value_or(0), weight = p.weight_kg.value_or(0),
           fat = p.body_fat_percentage.value_or(0), muscle = p.muscle_mass_kg.value_or(0);
    std::string image = p.image_path.value_or(""), thumbnail = p.thumbnail_path.value_or("");
    soci::indicator age_i = ind(p.age), height_i = ind(p.height_cm), weight_i = ind(p.weight_kg),
                    fat_i = ind(p.body_fat_percentage), muscle_i = ind(p.muscle_mass_kg), image_i = ind(p.image_path),
                    thumbnail_i = ind(p.thumbnail_path);
    tx.sql << "INSERT INTO profiles(user_id, age, height_cm, weight_kg, body_fat_percentage, muscle_mass_kg, "
              "time_zone, image_path, thumbnail_path, updated_at) "
              "VALUES(:id, :age, :height, :weight, :fat, :muscle, :zone, :image, :thumb, :now) "
              "ON CONFLICT(user_id) DO UPDATE SET age = excluded.age, height_cm = excluded.height_cm, "
              "weight_kg = excluded.weight_kg, body_fat_percentage = excluded.body_fat_percentage, "
              "muscle_mass_kg = excluded.muscle_mass_kg, time_zone = excluded.time_zone, "
              "image_path = excluded.image_path, thumbnail_path = excluded.thumbnail_path, "
              "updated_at = excluded.updated_at",
        soci::use(id), soci::use(age, age_i), soci::use(height, height_i), soci::use(weight, weight_i),
        soci::use(fat, fat_i), soci::use(muscle, muscle_i), soci::use(p.time_zone), soci::use(image, image_i),
        soci::use(thumbnail, thumbnail_i), soci::use(at);
    // Views kept in memory show the profile (member detail) or read its time zone (access facts).
    tx.AfterCommit([id = p.id] { accounts::NotifyUserChanged(id); });
}

void AddMetricPoint(storage::Tx& tx, std::int64_t user_id, const MetricPoint& point, std::int64_t recorded_by) {
    long long id = user_id, at = point.measured_at, by = recorded_by;
    double weight = point.weight_kg.value_or(0), fat = point.body_fat_percentage.value_or(0),
           muscle = point.muscle_mass_kg.value_or(0);
    soci::indicator weight_i = point.weight_kg ? soci::i_ok : soci::i_null,
                    fat_i = point.body_fat_percentage ? soci::i_ok : soci::i_null,
                    muscle_i = point.muscle_mass_kg ? soci::i_ok : soci::i_null;
    tx.sql << "INSERT INTO body_metrics(user_id, measured_at, weight_kg, body_fat_percentage, muscle_mass_kg, "
              "recorded_by) VALUES(:id, :at, :weight, :fat, :muscle, :by)",
        soci::use(id), soci::use(at), soci::use(weight, weight_i), soci::use(fat, fat_i), soci::use(muscle, muscle_i),
        soci::use(by);
}

std::vector<MetricPoint> MetricHistory(storage::Tx& tx, std::int64_t user_id, std::int64_t from, std::int64_t to,
                                       int limit) {
    long long id = user_id, start = from, end = to, at = 0;
    double weight = 0, fat = 0, muscle = 0;
    soci::indicator weight_i{}, fat_i{}, muscle_i{};
    soci::statement st = (tx.sql.prepare << "SELECT measured_at, weight_kg, body_fat_percentage, muscle_mass_kg "
                                            "FROM body_metrics WHERE user_id = :id AND measured_at >= :start "
                                            "AND measured_at < :end ORDER BY measured_at, id LIMIT " +
                                                std::to_string(limit),
                          soci::use(id), soci::use(start), soci::use(end), soci::into(at), soci::into(weight, weight_i),
                          soci::into(fat, fat_i), soci::into(muscle, muscle_i));
    st.execute(false);
    std::vector<MetricPoint> points;
    while (st.fetch()) {
        MetricPoint point;
        point.measured_at = at;
        if (weight_i == soci::i_ok) point.weight_kg = weight;
        if (fat_i == soci::i_ok) point.body_fat_percentage = fat;
        if (muscle_i == soci::i_ok) point.muscle_mass_kg = muscle;
        points.push_back(point);
    }
    return points;
}

std::vector<Profile> MembersOf(storage::Tx& tx, std::int64_t trainer_id, const std::optional<Page>& page) {
    long long trainer = trainer_id;
    return Query(tx, "WHERE u.trainer_id = :trainer AND u.user_type = 'member' AND u.is_active = 1 ORDER BY u.name, u.id" +
                         PageClause(page),
                 soci::use(trainer));
}

std::int64_t CountMembersOf(storage::Tx& tx, std::int64_t trainer_id) {
    long long trainer = trainer_id, count = 0;
    tx.sql << "SELECT COUNT(*) FROM users WHERE trainer_id = :trainer AND user_type = 'member' AND is_active = 1",
        soci::use(trainer), soci::into(count);
    return count;
}

std::vector<Profile> AllMembers(storage::Tx& tx, const std::optional<Page>& page) {
    return Query(tx, "WHERE u.user_type = 'member' AND u.is_active = 1 ORDER BY u.name, u.id" + PageClause(page));
}

std::int64_t CountAllMembers(storage::Tx& tx) {
    long long count = 0;
    tx.sql << "SELECT COUNT(*) FROM users WHERE user_type = 'member' AND is_active = 1", soci::into(count);
    return count;
}

std::vector<Profile> SearchUnassigned(storage::Tx& tx, const std::string& query, const Page& page) {
    std::string pattern = ContainsPattern(query);
    std::string pattern2 = pattern;
    return Query(tx, std::string(kUnassignedWhere) + "ORDER BY u.name, u.id" + PageClause(page), soci::use(pattern),
                 soci::use(pattern2));
}

std::int64_t CountUnassigned(storage::Tx& tx, const std::string& query) {
    std::string pattern = ContainsPattern(query);
    std::string pattern2 = pattern;
    long long count = 0;
    tx.sql << std::string("SELECT COUNT(*) FROM users u ") + kUnassignedWhere, soci::use(pattern), soci::use(pattern2),
        soci::into(count);
    return count;
}

bool AssignTrainer(storage::Tx& tx, std::int64_t member_id, std::int64_t trainer_id, std::int64_t now) {
    long long member = member_id, trainer = trainer_id, at = now;
    soci::statement st = (tx.sql.prepare << "UPDATE users SET trainer_id = :trainer, updated_at = :now WHERE id = :id "
                                            "AND user_type = 'member' AND is_active = 1 AND trainer_id IS NULL",
                          soci::use(trainer), soci::use(at), soci::use(member));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
    tx.AfterCommit([member_id] { accounts::NotifyUserChanged(member_id); });  // access checks read the trainer
    return true;
}

bool UnassignTrainer(storage::Tx& tx, std::int64_t member_id, std::int64_t trainer_id, std::int64_t now) {
    long long member = member_id, trainer = trainer_id, at = now;
    soci::statement st = (tx.sql.prepare << "UPDATE users SET trainer_id = NULL, updated_at = :now WHERE id = :id "
                                            "AND trainer_id = :trainer",
                          soci::use(at), soci::use(member), soci::use(trainer));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
    tx.AfterCommit([member_id] { accounts::NotifyUserChanged(member_id); });
    return true;
}

}  // namespace spotter::members

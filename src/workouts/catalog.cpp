#include "workouts/catalog.hpp"

#include "storage/statements.hpp"

namespace spotter::workouts {

namespace {

constexpr const char* kColumns =
    "SELECT id, exercise_name, name_en, body_part, equipment, measurement_unit, weight_unit, met_value, met_basis, "
    "is_active, owner_id FROM exercises ";

struct Row {
    long long id = 0, owner = 0;
    std::string name, name_en, body_part, equipment, measurement_unit, weight_unit, met_basis;
    double met = 0;
    int active = 0;
    soci::indicator name_en_i{}, owner_i{};

    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(name));
        st.exchange(soci::into(name_en, name_en_i));
        st.exchange(soci::into(body_part));
        st.exchange(soci::into(equipment));
        st.exchange(soci::into(measurement_unit));
        st.exchange(soci::into(weight_unit));
        st.exchange(soci::into(met));
        st.exchange(soci::into(met_basis));
        st.exchange(soci::into(active));
        st.exchange(soci::into(owner, owner_i));
    }
    Exercise Get() const {
        Exercise e;
        e.id = id;
        e.exercise_name = name;
        if (name_en_i == soci::i_ok) e.name_en = name_en;
        e.body_part = body_part;
        e.equipment = equipment;
        e.measurement_unit = measurement_unit;
        e.weight_unit = weight_unit;
        e.met_value = met;
        e.met_basis = met_basis;
        e.is_active = active != 0;
        if (owner_i == soci::i_ok) e.owner_id = owner;
        return e;
    }
};

// kColumns + `tail` with the given parameters, every row (a statement prepared once per connection).
template <class... Params>
std::vector<Exercise> Select(storage::Tx& tx, const std::string& tail, const Params&... params) {
    std::vector<Exercise> out;
    auto rows = storage::Query<Row>(tx, kColumns + tail, params...);
    while (rows.Next()) out.push_back(rows->Get());
    return out;
}

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string LikePattern(const std::string& text) {
    std::string out = "%";
    for (char c : Lower(text)) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "%";
}

}  // namespace

const std::vector<std::string>& BodyParts() {
    static const std::vector<std::string> kParts = {"가슴", "등",       "어깨",     "이두", "삼두",   "복근",
                                                    "대퇴사두", "햄스트링", "둔근", "종아리", "전완", "승모"};
    return kParts;
}

const std::vector<std::string>& EquipmentKinds() {
    static const std::vector<std::string> kKinds = {"맨몸", "덤벨", "바벨", "머신",     "케이블",
                                                    "스미스 머신", "밴드", "스트레칭", "유산소"};
    return kKinds;
}

std::vector<Exercise> ListExercises(storage::Tx& tx, const CatalogFilter& filter) {
    long long viewer = filter.viewer_id;
    int retired = filter.include_retired ? 1 : 0;
    std::string body_part = filter.body_part.value_or(""), equipment = filter.equipment.value_or("");
    std::string pattern = filter.text ? LikePattern(*filter.text) : "%";
    std::string pattern2 = pattern;
    int has_part = filter.body_part ? 1 : 0, has_equipment = filter.equipment ? 1 : 0;
    return Select(tx,
                  "WHERE (owner_id IS NULL OR owner_id = :viewer) AND (is_active = 1 OR :retired = 1) "
                  "AND (:has_part = 0 OR body_part = :part) AND (:has_equipment = 0 OR equipment = :equipment) "
                  "AND (LOWER(exercise_name) LIKE :pattern ESCAPE '\\' OR LOWER(COALESCE(name_en, '')) LIKE :pattern2 "
                  "ESCAPE '\\') ORDER BY body_part, exercise_name, id",
                  viewer, retired, has_part, body_part, has_equipment, equipment, pattern, pattern2);
}

std::optional<Exercise> FindExercise(storage::Tx& tx, std::int64_t id) {
    auto rows = Select(tx, "WHERE id = :id", id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::optional<Exercise> FindExerciseByName(storage::Tx& tx, const std::string& name, std::int64_t viewer_id) {
    long long viewer = viewer_id;
    std::string lower = Lower(name);
    std::string name2 = name;
    auto rows = Select(tx,
                       "WHERE is_active = 1 AND (owner_id IS NULL OR owner_id = :viewer) "
                       "AND (exercise_name = :name OR LOWER(COALESCE(name_en, '')) = :lower) "
                       "ORDER BY CASE WHEN exercise_name = :name2 THEN 0 ELSE 1 END, "
                       "CASE WHEN owner_id IS NULL THEN 0 ELSE 1 END, id LIMIT 1",
                       viewer, name, lower, name2);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::int64_t InsertExercise(storage::Tx& tx, const Exercise& e, std::int64_t now) {
    long long id = 0, at = now, owner = e.owner_id.value_or(0);
    soci::indicator owner_i = e.owner_id ? soci::i_ok : soci::i_null;
    std::string name_en = e.name_en.value_or("");
    soci::indicator name_en_i = e.name_en ? soci::i_ok : soci::i_null;
    int active = e.is_active ? 1 : 0;
    tx.sql << "INSERT INTO exercises(exercise_name, name_en, body_part, equipment, measurement_unit, weight_unit, "
              "met_value, met_basis, is_active, owner_id, created_at, updated_at) VALUES(:name, :en, :part, :equipment, "
              ":unit, :weight_unit, :met, :basis, :active, :owner, :now, :now2) RETURNING id",
        soci::use(e.exercise_name), soci::use(name_en, name_en_i), soci::use(e.body_part), soci::use(e.equipment),
        soci::use(e.measurement_unit), soci::use(e.weight_unit), soci::use(e.met_value), soci::use(e.met_basis),
        soci::use(active), soci::use(owner, owner_i), soci::use(at), soci::use(at), soci::into(id);
    return id;
}

void UpdateExercise(storage::Tx& tx, const Exercise& e, std::int64_t now) {
    long long id = e.id, at = now;
    std::string name_en = e.name_en.value_or("");
    soci::indicator name_en_i = e.name_en ? soci::i_ok : soci::i_null;
    int active = e.is_active ? 1 : 0;
    tx.sql << "UPDATE exercises SET exercise_name = :name, name_en = :en, body_part = :part, equipment = :equipment, "
              "measurement_unit = :unit, weight_unit = :weight_unit, met_value = :met, met_basis = :basis, "
              "is_active = :active, updated_at = :now WHERE id = :id",
        soci::use(e.exercise_name), soci::use(name_en, name_en_i), soci::use(e.body_part), soci::use(e.equipment),
        soci::use(e.measurement_unit), soci::use(e.weight_unit), soci::use(e.met_value), soci::use(e.met_basis),
        soci::use(active), soci::use(at), soci::use(id);
}

}  // namespace spotter::workouts

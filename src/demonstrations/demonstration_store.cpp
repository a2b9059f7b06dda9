#include "demonstrations/demonstration_store.hpp"

#include "storage/statements.hpp"

namespace spotter::demonstrations {

namespace {

const std::string kSelect =
    "SELECT d.id, d.owner_id, u.name, u.user_type, d.exercise, d.title, d.status, d.is_default, d.video_path, "
    "d.video_type, d.video_bytes, d.video_duration_ms, d.video_width, d.video_height, d.model, d.model_reps, "
    "d.model_rep_ms, d.track_frames, d.created_at, d.updated_at FROM demonstrations d JOIN users u ON u.id = d.owner_id ";

// Typed into() targets for one row of kSelect.
struct Row {
    long long id = 0, owner = 0, video_bytes = 0, video_ms = 0, rep_ms = 0, created = 0, updated = 0;
    std::string owner_name, owner_role, exercise, title, status, video_path, video_type, model;
    int is_default = 0, width = 0, height = 0, reps = 0, frames = 0;
    soci::indicator path_i{}, type_i{}, bytes_i{}, ms_i{}, width_i{}, height_i{}, model_i{}, reps_i{}, rep_ms_i{},
        frames_i{};

    void Bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(owner));
        st.exchange(soci::into(owner_name));
        st.exchange(soci::into(owner_role));
        st.exchange(soci::into(exercise));
        st.exchange(soci::into(title));
        st.exchange(soci::into(status));
        st.exchange(soci::into(is_default));
        st.exchange(soci::into(video_path, path_i));
        st.exchange(soci::into(video_type, type_i));
        st.exchange(soci::into(video_bytes, bytes_i));
        st.exchange(soci::into(video_ms, ms_i));
        st.exchange(soci::into(width, width_i));
        st.exchange(soci::into(height, height_i));
        st.exchange(soci::into(model, model_i));
        st.exchange(soci::into(reps, reps_i));
        st.exchange(soci::into(rep_ms, rep_ms_i));
        st.exchange(soci::into(frames, frames_i));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
    }

    StoredDemonstration ToDemonstration() const {
        StoredDemonstration d;
        d.id = id;
        d.owner_id = owner;
        d.owner_name = owner_name;
        d.owner_role = owner_role;
        d.exercise = exercise;
        d.title = title;
        d.status = status;
        d.is_default = is_default != 0;
        if (path_i == soci::i_ok) {
            d.video = VideoFacts{video_path,
                                 type_i == soci::i_ok ? video_type : std::string(),
                                 bytes_i == soci::i_ok ? video_bytes : 0,
                                 ms_i == soci::i_ok ? video_ms : 0,
                                 width_i == soci::i_ok ? width : 0,
                                 height_i == soci::i_ok ? height : 0};
        }
        if (model_i == soci::i_ok) {
            d.model = ModelFacts{model, reps_i == soci::i_ok ? reps : 0, rep_ms_i == soci::i_ok ? rep_ms : 0,
                                 frames_i == soci::i_ok ? frames : 0};
        }
        d.created_at = created;
        d.updated_at = updated;
        return d;
    }
};

// kSelect + `tail` with the given parameters, every row (a statement prepared once per connection).
template <class... Params>
std::vector<StoredDemonstration> Select(storage::Tx& tx, const std::string& tail, const Params&... params) {
    std::vector<StoredDemonstration> out;
    auto rows = storage::Query<Row>(tx, kSelect + tail, params...);
    while (rows.Next()) out.push_back(rows->ToDemonstration());
    return out;
}

std::optional<StoredDemonstration> First(std::vector<StoredDemonstration> rows) {
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

}  // namespace

std::int64_t InsertDemonstration(storage::Tx& tx, std::int64_t owner_id, const std::string& exercise,
                                 const std::string& title, std::int64_t now) {
    return *storage::Scalar<long long>(tx,
                                        "INSERT INTO demonstrations(owner_id, exercise, title, created_at, updated_at) "
                                        "VALUES(:owner, :exercise, :title, :now, :now2) RETURNING id",
                                        owner_id, exercise, title, now, now);
}

std::optional<StoredDemonstration> FindDemonstration(storage::Tx& tx, std::int64_t id) {
    return First(Select(tx, "WHERE d.id = :id", id));
}

std::vector<StoredDemonstration> ListDemonstrations(storage::Tx& tx, const DemonstrationQuery& query, int limit) {
    // One statement for every filter (0 and '' mean "any"), so it is prepared once per connection.
    const int published_only = query.published_by || query.published_defaults ? 1 : 0;
    return Select(tx,
                  "WHERE (:owner = 0 OR d.owner_id = :owner2) AND (:exercise = '' OR d.exercise = :exercise2) "
                  "AND (:published = 0 OR (d.status = 'published' AND (d.owner_id = :trainer OR d.is_default = 1))) "
                  "ORDER BY d.updated_at DESC, d.id DESC LIMIT :limit",
                  query.owner_id.value_or(0), query.owner_id.value_or(0), query.exercise.value_or(""),
                  query.exercise.value_or(""), published_only, query.published_by.value_or(0), limit);
}

int CountOwnedDemonstrations(storage::Tx& tx, std::int64_t owner_id) {
    return static_cast<int>(
        *storage::Scalar<long long>(tx, "SELECT COUNT(*) FROM demonstrations WHERE owner_id = :owner", owner_id));
}

void UpdateTitle(storage::Tx& tx, std::int64_t id, const std::string& title, std::int64_t now) {
    storage::Exec(tx, "UPDATE demonstrations SET title = :title, updated_at = :now WHERE id = :id", title, now, id);
}

void UpdateVideo(storage::Tx& tx, std::int64_t id, const VideoFacts& video, std::int64_t now) {
    storage::Exec(tx,
                  "UPDATE demonstrations SET video_path = :path, video_type = :type, video_bytes = :bytes, "
                  "video_duration_ms = :ms, video_width = :width, video_height = :height, updated_at = :now "
                  "WHERE id = :id",
                  video.path, video.content_type, video.bytes, video.duration_ms, video.width, video.height, now, id);
}

void UpdateTrack(storage::Tx& tx, std::int64_t id, const std::string& track_json, const ModelFacts& model,
                 std::int64_t now) {
    storage::Exec(tx,
                  "UPDATE demonstrations SET track = :track, track_frames = :frames, model = :model, model_reps = :reps, "
                  "model_rep_ms = :rep_ms, updated_at = :now WHERE id = :id",
                  track_json, model.frames, model.text, model.reps, model.rep_ms, now, id);
}

std::optional<std::string> LoadTrack(storage::Tx& tx, std::int64_t id) {
    return storage::Scalar<std::string>(tx, "SELECT track FROM demonstrations WHERE id = :id", id);
}

void PublishDemonstration(storage::Tx& tx, const StoredDemonstration& demonstration, bool as_default, std::int64_t now) {
    // Demote first: the partial unique indexes allow one published demonstration per owner and exercise and one
    // default per exercise at every moment.
    storage::Exec(tx,
                  "UPDATE demonstrations SET status = 'draft', is_default = 0, updated_at = :now "
                  "WHERE owner_id = :owner AND exercise = :exercise AND status = 'published' AND id <> :id",
                  now, demonstration.owner_id, demonstration.exercise, demonstration.id);
    if (as_default) {
        storage::Exec(tx,
                      "UPDATE demonstrations SET is_default = 0, updated_at = :now "
                      "WHERE exercise = :exercise AND is_default = 1 AND id <> :id",
                      now, demonstration.exercise, demonstration.id);
    }
    storage::Exec(tx,
                  "UPDATE demonstrations SET status = 'published', is_default = :default, updated_at = :now WHERE id = :id",
                  as_default, now, demonstration.id);
}

void UnpublishDemonstration(storage::Tx& tx, std::int64_t id, std::int64_t now) {
    storage::Exec(tx, "UPDATE demonstrations SET status = 'draft', is_default = 0, updated_at = :now WHERE id = :id", now,
                  id);
}

void DeleteDemonstration(storage::Tx& tx, std::int64_t id) {
    storage::Exec(tx, "DELETE FROM demonstrations WHERE id = :id", id);
}

std::optional<StoredDemonstration> CurrentDemonstration(storage::Tx& tx, std::optional<std::int64_t> trainer_id,
                                                        const std::string& exercise) {
    const std::int64_t trainer = trainer_id.value_or(0);
    // The trainer's own published demonstration sorts before the default.
    return First(Select(tx,
                        "WHERE d.exercise = :exercise AND d.status = 'published' AND (d.owner_id = :trainer OR "
                        "d.is_default = 1) ORDER BY CASE WHEN d.owner_id = :trainer2 THEN 0 ELSE 1 END, d.id DESC "
                        "LIMIT 1",
                        exercise, trainer, trainer));
}

}  // namespace spotter::demonstrations

#include "demonstrations/demonstration_store.hpp"

namespace spotter::demonstrations {

namespace {

constexpr const char* kSelect =
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

// Runs kSelect + `tail` with the given use() bindings and collects its rows.
template <class... Uses>
std::vector<StoredDemonstration> Query(storage::Tx& tx, const std::string& tail, Uses&&... uses) {
    Row row;
    soci::statement st(tx.sql);
    row.Bind(st);
    (st.exchange(std::forward<Uses>(uses)), ...);
    st.alloc();
    st.prepare(std::string(kSelect) + tail);
    st.define_and_bind();
    st.execute(false);
    std::vector<StoredDemonstration> out;
    while (st.fetch()) out.push_back(row.ToDemonstration());
    return out;
}

}  // namespace

std::int64_t InsertDemonstration(storage::Tx& tx, std::int64_t owner_id, const std::string& exercise,
                                 const std::string& title, std::int64_t now) {
    long long id = 0;
    long long owner = owner_id, at = now;
    tx.sql << "INSERT INTO demonstrations(owner_id, exercise, title, created_at, updated_at) "
              "VALUES(:owner, :exercise, :title, :now, :now2) RETURNING id",
        soci::use(owner), soci::use(exercise), soci::use(title), soci::use(at), soci::use(at), soci::into(id);
    return id;
}

std::optional<StoredDemonstration> FindDemonstration(storage::Tx& tx, std::int64_t id) {
    long long wanted = id;
    auto rows = Query(tx, "WHERE d.id = :id", soci::use(wanted));
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<StoredDemonstration> ListDemonstrations(storage::Tx& tx, const DemonstrationQuery& query, int limit) {
    std::string where = "WHERE 1 = 1";
    long long owner = query.owner_id.value_or(0), trainer = query.published_by.value_or(0);
    std::string exercise = query.exercise.value_or("");
    if (query.owner_id) where += " AND d.owner_id = :owner";
    if (query.exercise) where += " AND d.exercise = :exercise";
    if (query.published_by) {
        where += " AND d.status = 'published' AND (d.owner_id = :trainer OR d.is_default = 1)";
    } else if (query.published_defaults) {
        where += " AND d.status = 'published' AND d.is_default = 1";
    }
    std::string tail = where + " ORDER BY d.updated_at DESC, d.id DESC LIMIT " + std::to_string(limit);
    // Only the placeholders present are bound, in order.
    if (query.owner_id && query.exercise) return Query(tx, tail, soci::use(owner), soci::use(exercise));
    if (query.owner_id) return Query(tx, tail, soci::use(owner));
    if (query.exercise && query.published_by) return Query(tx, tail, soci::use(exercise), soci::use(trainer));
    if (query.exercise) return Query(tx, tail, soci::use(exercise));
    if (query.published_by) return Query(tx, tail, soci::use(trainer));
    return Query(tx, tail);
}

int CountOwnedDemonstrations(storage::Tx& tx, std::int64_t owner_id) {
    long long owner = owner_id;
    int count = 0;
    tx.sql << "SELECT COUNT(*) FROM demonstrations WHERE owner_id = :owner", soci::use(owner), soci::into(count);
    return count;
}

void UpdateTitle(storage::Tx& tx, std::int64_t id, const std::string& title, std::int64_t now) {
    long long key = id, at = now;
    tx.sql << "UPDATE demonstrations SET title = :title, updated_at = :now WHERE id = :id", soci::use(title),
        soci::use(at), soci::use(key);
}

void UpdateVideo(storage::Tx& tx, std::int64_t id, const VideoFacts& video, std::int64_t now) {
    long long key = id, at = now, bytes = video.bytes, ms = video.duration_ms;
    int width = video.width, height = video.height;
    tx.sql << "UPDATE demonstrations SET video_path = :path, video_type = :type, video_bytes = :bytes, "
              "video_duration_ms = :ms, video_width = :width, video_height = :height, updated_at = :now WHERE id = :id",
        soci::use(video.path), soci::use(video.content_type), soci::use(bytes), soci::use(ms), soci::use(width),
        soci::use(height), soci::use(at), soci::use(key);
}

void UpdateTrack(storage::Tx& tx, std::int64_t id, const std::string& track_json, const ModelFacts& model,
                 std::int64_t now) {
    long long key = id, at = now, rep_ms = model.rep_ms;
    int reps = model.reps, frames = model.frames;
    tx.sql << "UPDATE demonstrations SET track = :track, track_frames = :frames, model = :model, model_reps = :reps, "
              "model_rep_ms = :rep_ms, updated_at = :now WHERE id = :id",
        soci::use(track_json), soci::use(frames), soci::use(model.text), soci::use(reps), soci::use(rep_ms),
        soci::use(at), soci::use(key);
}

std::optional<std::string> LoadTrack(storage::Tx& tx, std::int64_t id) {
    long long key = id;
    std::string track;
    soci::indicator track_i{};
    tx.sql << "SELECT track FROM demonstrations WHERE id = :id", soci::use(key), soci::into(track, track_i);
    if (!tx.sql.got_data() || track_i != soci::i_ok) return std::nullopt;
    return track;
}

void PublishDemonstration(storage::Tx& tx, const StoredDemonstration& demonstration, bool as_default, std::int64_t now) {
    long long key = demonstration.id, owner = demonstration.owner_id, at = now;
    int is_default = as_default ? 1 : 0;
    // Demote first: the partial unique indexes allow one published demonstration per owner and exercise and one
    // default per exercise at every moment.
    tx.sql << "UPDATE demonstrations SET status = 'draft', is_default = 0, updated_at = :now "
              "WHERE owner_id = :owner AND exercise = :exercise AND status = 'published' AND id <> :id",
        soci::use(at), soci::use(owner), soci::use(demonstration.exercise), soci::use(key);
    if (as_default) {
        tx.sql << "UPDATE demonstrations SET is_default = 0, updated_at = :now "
                  "WHERE exercise = :exercise AND is_default = 1 AND id <> :id",
            soci::use(at), soci::use(demonstration.exercise), soci::use(key);
    }
    tx.sql << "UPDATE demonstrations SET status = 'published', is_default = :default, updated_at = :now WHERE id = :id",
        soci::use(is_default), soci::use(at), soci::use(key);
}

void UnpublishDemonstration(storage::Tx& tx, std::int64_t id, std::int64_t now) {
    long long key = id, at = now;
    tx.sql << "UPDATE demonstrations SET status = 'draft', is_default = 0, updated_at = :now WHERE id = :id",
        soci::use(at), soci::use(key);
}

void DeleteDemonstration(storage::Tx& tx, std::int64_t id) {
    long long key = id;
    tx.sql << "DELETE FROM demonstrations WHERE id = :id", soci::use(key);
}

std::optional<StoredDemonstration> CurrentDemonstration(storage::Tx& tx, std::optional<std::int64_t> trainer_id,
                                                        const std::string& exercise) {
    long long trainer = trainer_id.value_or(0);
    // The trainer's own published demonstration sorts before the default.
    auto rows = Query(tx,
                      "WHERE d.exercise = :exercise AND d.status = 'published' AND (d.owner_id = :trainer OR "
                      "d.is_default = 1) ORDER BY CASE WHEN d.owner_id = :trainer2 THEN 0 ELSE 1 END, d.id DESC LIMIT 1",
                      soci::use(exercise), soci::use(trainer), soci::use(trainer));
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

}  // namespace spotter::demonstrations

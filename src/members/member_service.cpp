#include "members/member_service.hpp"

#include <cmath>

#include "common/clock.hpp"
#include "common/text.hpp"
#include "common/time_zone.hpp"
#include "storage/rate_limiter.hpp"

namespace spotter::members {

namespace {

double Round2(double value) { return std::round(value * 100.0) / 100.0; }

bool ValidPhone(const std::string& phone) {
    if (phone.empty() || phone.size() > 20) return false;
    int digits = 0;
    for (char c : phone) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c != '-' && c != ' ' && c != '+' && c != '(' && c != ')') {
            return false;
        }
    }
    return digits >= 7;
}

bool HasControl(const std::string& text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

// Checks a number against a human range, recording a field error; returns the value rounded to 2 decimals.
std::optional<double> InRange(const Patch<double>& patch, const char* field, double low, double high, const char* unit,
                              FieldErrors& errors) {
    if (!patch.value) return std::nullopt;
    double value = *patch.value;
    if (!std::isfinite(value) || value < low || value > high) {
        errors[field].push_back(std::string(field) + " must be between " + std::to_string(static_cast<int>(low)) +
                                " and " + std::to_string(static_cast<int>(high)) + " " + unit + ".");
        return std::nullopt;
    }
    return Round2(value);
}

}  // namespace

Error UserNotFound() { return Error{ErrorCode::kNotFound, "User not found", {}, "user_not_found"}; }

Relation MemberService::RelationOf(const http::Principal& caller, const Profile& target) {
    if (caller.user_id == target.id) return Relation::kSelf;
    if (caller.role == "admin") return Relation::kAdmin;
    if (caller.role == "trainer" && target.user_type == "member" && target.trainer_id == caller.user_id) {
        return Relation::kTheirTrainer;
    }
    return Relation::kNone;
}

Result<Profile> MemberService::Get(const http::Principal& caller, std::int64_t user_id, Relation* relation) {
    auto read = [&](storage::Tx& tx) -> std::pair<std::optional<Profile>, std::optional<std::int64_t>> {
        auto target = LoadProfile(tx, user_id);
        std::optional<std::int64_t> my_trainer;
        if (target && caller.role == "member") {
            auto me = LoadProfile(tx, caller.user_id);
            if (me) my_trainer = me->trainer_id;
        }
        return {target, my_trainer};
    };
    // Trainers and administrators need one statement: no transaction for it.
    auto found = caller.role == "member" ? db_.Read(read) : db_.ReadOne(read);
    if (!found.first || !found.first->is_active) return UserNotFound();
    Relation r = RelationOf(caller, *found.first);
    if (r == Relation::kNone && caller.role == "member" && found.second == user_id) r = Relation::kTheirMember;
    if (r == Relation::kNone) return UserNotFound();
    if (relation) *relation = r;
    return *found.first;
}

Result<Profile> MemberService::Update(const http::Principal& caller, const ProfileUpdate& update) {
    FieldErrors errors;
    auto current = db_.Read([&](storage::Tx& tx) { return LoadProfile(tx, caller.user_id); });
    if (!current) return UserNotFound();
    Profile next = *current;

    if (update.name.present) {
        std::string name = update.name.value.value_or("");
        if (name.empty() || Utf8Length(name) > 100 || HasControl(name)) {
            errors["name"].push_back("이름은 1자 이상 100자 이하여야 합니다.");
        } else {
            next.name = name;
        }
    }
    if (update.phone.present) {
        if (!update.phone.value || update.phone.value->empty()) {
            next.phone.reset();
        } else if (!ValidPhone(*update.phone.value)) {
            errors["phone"].push_back("전화번호 형식이 올바르지 않습니다 (예: 010-1234-5678).");
        } else {
            next.phone = *update.phone.value;
        }
    }
    if (update.time_zone.present) {
        std::string zone = update.time_zone.value.value_or("");
        if (!IsKnownTimeZone(zone)) {
            errors["time_zone"].push_back("Unknown time zone; use an IANA name such as Asia/Seoul.");
        } else {
            next.time_zone = zone;
        }
    }
    if (update.age.present) {
        if (update.age.value && (*update.age.value < 10 || *update.age.value > 120)) {
            errors["age"].push_back("age must be between 10 and 120.");
        } else {
            next.age = update.age.value;
        }
    }
    auto metric = [&](const Patch<double>& patch, std::optional<double>& slot, const char* field, double low,
                      double high, const char* unit) {
        if (!patch.present) return;
        auto checked = InRange(patch, field, low, high, unit, errors);
        if (!patch.value || checked) slot = checked;
    };
    metric(update.height_cm, next.height_cm, "height_cm", 50, 272, "cm");
    metric(update.weight_kg, next.weight_kg, "weight_kg", 20, 400, "kg");
    metric(update.body_fat_percentage, next.body_fat_percentage, "body_fat_percentage", 2, 70, "%");
    metric(update.muscle_mass_kg, next.muscle_mass_kg, "muscle_mass_kg", 1, 400, "kg");
    if (next.muscle_mass_kg && next.weight_kg && *next.muscle_mass_kg >= *next.weight_kg &&
        !errors.count("muscle_mass_kg")) {
        errors["muscle_mass_kg"].push_back("muscle_mass_kg must be less than weight_kg.");
    }
    if (!errors.empty()) return Error{ErrorCode::kValidation, "입력 데이터가 유효하지 않습니다.", errors, "invalid"};

    std::int64_t now = NowMicros();
    bool metrics_changed = next.weight_kg != current->weight_kg ||
                           next.body_fat_percentage != current->body_fat_percentage ||
                           next.muscle_mass_kg != current->muscle_mass_kg;
    return db_.Write([&](storage::Tx& tx) -> Result<Profile> {
        SaveProfile(tx, next, now);
        if (metrics_changed) {
            AddMetricPoint(tx, next.id, {now, next.weight_kg, next.body_fat_percentage, next.muscle_mass_kg},
                           caller.user_id);
        }
        if (next.weight_kg != current->weight_kg && weight_changed_) weight_changed_(tx, next, now);
        auto saved = LoadProfile(tx, next.id);
        if (!saved) return UserNotFound();
        return *saved;
    });
}

Result<bool> MemberService::AllowUpload(const http::Principal& caller) {
    std::int64_t now = NowMicros();
    auto wait = db_.Write([&](storage::Tx& tx) {
        return storage::Consume(tx, {"upload:user:" + std::to_string(caller.user_id), 20, std::chrono::hours(1)}, now);
    });
    if (wait) {
        Error error{ErrorCode::kTooManyRequests, "사진을 너무 자주 올렸습니다. 잠시 후 다시 시도해주세요.", {}, "throttled"};
        error.headers.emplace_back("Retry-After", std::to_string(*wait));
        return error;
    }
    return true;
}

Result<std::pair<std::optional<std::string>, std::optional<std::string>>> MemberService::SetPhoto(
    const http::Principal& caller, std::optional<std::string> image, std::optional<std::string> thumbnail) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx)
                         -> Result<std::pair<std::optional<std::string>, std::optional<std::string>>> {
        auto profile = LoadProfile(tx, caller.user_id);
        if (!profile) return UserNotFound();
        auto old = std::pair{profile->image_path, profile->thumbnail_path};
        profile->image_path = std::move(image);
        profile->thumbnail_path = std::move(thumbnail);
        SaveProfile(tx, *profile, now);
        return old;
    });
}

Result<std::vector<MetricPoint>> MemberService::Metrics(const http::Principal& caller, std::int64_t user_id,
                                                        std::int64_t from, std::int64_t to) {
    Relation relation = Relation::kNone;
    auto target = Get(caller, user_id, &relation);
    if (!target) return target.error();
    // A member sees their trainer's public profile, not the trainer's body metrics.
    if (relation == Relation::kTheirMember) return UserNotFound();
    return db_.Read([&](storage::Tx& tx) { return MetricHistory(tx, user_id, from, to, 1000); });
}

Result<MemberList> MemberService::ListMembers(const http::Principal& caller, const std::optional<Page>& page) {
    return db_.Read([&](storage::Tx& tx) -> Result<MemberList> {
        auto me = LoadProfile(tx, caller.user_id);
        if (!me) return UserNotFound();
        MemberList list;
        list.trainer = *me;
        if (caller.role == "admin") {
            list.members = AllMembers(tx, page);
            list.total_count = CountAllMembers(tx);
        } else if (caller.role == "trainer") {
            list.members = MembersOf(tx, caller.user_id, page);
            list.total_count = CountMembersOf(tx, caller.user_id);
        }
        return list;
    });
}

Result<SearchResult> MemberService::SearchUnassigned(const http::Principal&, const std::string& query,
                                                     const Page& page) {
    if (query.size() > 100) {
        return Error{ErrorCode::kValidation, "검색어가 너무 깁니다.", {{"query", {"At most 100 characters."}}}, "invalid"};
    }
    return db_.Read([&](storage::Tx& tx) -> Result<SearchResult> {
        SearchResult result;
        result.users = members::SearchUnassigned(tx, query, page);
        result.total_count = CountUnassigned(tx, query);
        return result;
    });
}

Result<Profile> MemberService::Assign(const http::Principal& caller, std::int64_t member_id,
                                      std::optional<std::int64_t> trainer_id) {
    std::int64_t trainer = caller.user_id;
    if (caller.role == "admin") {
        if (!trainer_id) {
            return Error{ErrorCode::kValidation, "trainer_id is required for administrators.",
                         {{"trainer_id", {"This field is required."}}}, "invalid"};
        }
        trainer = *trainer_id;
    }
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<Profile> {
        auto coach = LoadProfile(tx, trainer);
        if (!coach || coach->user_type != "trainer" || !coach->is_active) {
            return Error{ErrorCode::kNotFound, "트레이너 정보를 찾을 수 없습니다.", {}, "trainer_not_found"};
        }
        auto member = LoadProfile(tx, member_id);
        if (!member || member->user_type != "member" || !member->is_active) {
            return Error{ErrorCode::kNotFound, "해당 회원을 찾을 수 없습니다.", {}, "member_not_found"};
        }
        if (member->trainer_id == trainer) return *member;  // already mine: nothing to do
        if (!AssignTrainer(tx, member_id, trainer, now)) {
            return Error{ErrorCode::kConflict, "이미 다른 트레이너에게 배정된 회원입니다.", {}, "already_assigned"};
        }
        member->trainer_id = trainer;
        return *member;
    });
}

Result<Profile> MemberService::Unassign(const http::Principal& caller, std::int64_t member_id) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<Profile> {
        auto member = LoadProfile(tx, member_id);
        bool visible = member && member->user_type == "member" && member->trainer_id &&
                       (caller.role == "admin" || member->trainer_id == caller.user_id);
        if (!visible) return Error{ErrorCode::kNotFound, "해당 회원을 찾을 수 없습니다.", {}, "member_not_found"};
        UnassignTrainer(tx, member_id, *member->trainer_id, now);
        member->trainer_id.reset();
        return *member;
    });
}

std::optional<Profile> MemberService::TrainerOf(const Profile& member) {
    if (!member.trainer_id) return std::nullopt;
    auto trainer = db_.ReadOne([&](storage::Tx& tx) { return LoadProfile(tx, *member.trainer_id); });
    if (!trainer || !trainer->is_active) return std::nullopt;
    return trainer;
}

Result<std::optional<Profile>> MemberService::MyTrainer(const http::Principal& caller) {
    return db_.Read([&](storage::Tx& tx) -> Result<std::optional<Profile>> {
        auto me = LoadProfile(tx, caller.user_id);
        if (!me) return UserNotFound();
        if (!me->trainer_id) return std::optional<Profile>();
        return LoadProfile(tx, *me->trainer_id);
    });
}

Result<Profile> MemberService::LeaveTrainer(const http::Principal& caller) {
    std::int64_t now = NowMicros();
    return db_.Write([&](storage::Tx& tx) -> Result<Profile> {
        auto me = LoadProfile(tx, caller.user_id);
        if (!me) return UserNotFound();
        if (!me->trainer_id) {
            return Error{ErrorCode::kNotFound, "배정된 트레이너가 없습니다.", {}, "no_trainer"};
        }
        UnassignTrainer(tx, me->id, *me->trainer_id, now);
        me->trainer_id.reset();
        return *me;
    });
}

std::int64_t MemberService::MemberCount(std::int64_t trainer_id) {
    return db_.Read([&](storage::Tx& tx) { return CountMembersOf(tx, trainer_id); });
}

}  // namespace spotter::members

#!/usr/bin/env python3
"""Generates the exercise-catalog migrations from the TrainMate exercise CSV.

Usage (from the repository root):

    python3 tools/catalog/generate.py            # rewrite both migrations, then validate them
    python3 tools/catalog/generate.py --check    # fail if the committed migrations are stale or invalid
    python3 tools/catalog/generate.py --report   # print the tables that docs/CATALOG.md quotes

Inputs:  tools/catalog/trainmate-exercises.csv (a verbatim copy of the TrainMate catalog,
         columns id, body_part, equipment, exercise_name, measurement_unit, weight_unit), or --csv PATH.
Outputs: migrations/sqlite/0005_exercise_catalog.sql and migrations/postgresql/0005_exercise_catalog.sql.

The output is deterministic (no clock, no randomness, CSV order), so regenerating an unchanged input gives
byte-identical files. Standard library only. docs/CATALOG.md explains the rules below.
"""

import argparse
import collections
import csv
import os
import re
import sqlite3
import sys
from typing import NamedTuple, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_CSV = os.path.join(ROOT, "tools", "catalog", "trainmate-exercises.csv")
OUTPUTS = {
    "sqlite": os.path.join(ROOT, "migrations", "sqlite", "0005_exercise_catalog.sql"),
    "postgresql": os.path.join(ROOT, "migrations", "postgresql", "0005_exercise_catalog.sql"),
}

# created_at / updated_at of every catalog row: 2025-11-21T00:00:00Z in microseconds since the epoch.
# A constant, so that the generated files do not change from one run to the next.
CATALOG_TIME_US = 1763683200000000
INSERT_CHUNK = 100

# Rows that are not exercises: empty in the CSV, "일치하는 운동이 없습니다." ("no matching exercise") in the
# original JSON. The original loader skipped them too.
PLACEHOLDER_NAMES = ("", "일치하는 운동이 없습니다.")

# Editorial notes that ended up inside a name cell of the CSV copy; removed (then the name is trimmed).
NAME_ANNOTATIONS = (" (name has a leading space)",)

BODY_PARTS = ("가슴", "등", "어깨", "이두", "삼두", "복근", "대퇴사두", "햄스트링", "둔근", "종아리", "전완", "승모")
EQUIPMENT = ("맨몸", "덤벨", "바벨", "머신", "케이블", "스미스 머신", "밴드", "스트레칭", "유산소")
MEASUREMENT_UNITS = ("회", "none")
WEIGHT_UNITS = ("kg", "kg(보조)", "km", "none")

# ---------------------------------------------------------------------------------------------------------------
# MET rules. The first rule that matches a row decides its MET value. A rule matches when the row's equipment is in
# `equipment` (empty: any), its name contains one of `keywords` (empty: any) and none of `exclude`.
# Values are from the Compendium of Physical Activities (Ainsworth et al., 2011; codes kept in the 2024 update).


class MetRule(NamedTuple):
    key: str
    met: float
    code: str
    activity: str
    why: str
    equipment: tuple = ()
    keywords: tuple = ()
    exclude: tuple = ()

    @property
    def basis(self) -> str:
        return f"Compendium {self.code} {self.activity} ({self.why})"


FREE_AND_MACHINE = ("덤벨", "바벨", "머신", "케이블", "스미스 머신", "밴드")

MET_RULES = (
    # Mind-body and flexibility first: their names may contain words of other rules (레그 풀, 바이씨클, 크런치).
    MetRule("pilates", 3.0, "02105", "pilates, general", "필라테스",
            keywords=("필라테스",)),
    MetRule("yoga", 2.5, "02143", "yoga, Hatha", "요가",
            keywords=("요가",)),
    MetRule("balance", 2.8, "02024", "calisthenics, light effort", "balance hold",
            keywords=("균형", "스탠드")),
    MetRule("stretching-named", 2.3, "02101", "stretching, mild", "stretch or foam roller by name",
            keywords=("스트레칭", "스트레치", "폼룰러", "폼 룰러")),
    MetRule("stretching", 2.3, "02101", "stretching, mild", "스트레칭 equipment",
            equipment=("스트레칭",)),
    # Cardio, by activity named in the Korean name.
    MetRule("jump-rope-fast", 12.3, "15551", "rope jumping, fast pace, 120-160 skips/min", "double-unders",
            keywords=("이단 뛰기", "이단뛰기")),
    MetRule("jump-rope", 11.8, "15552", "rope jumping, moderate pace, 100-120 skips/min, general", "줄넘기",
            keywords=("줄넘기",)),
    MetRule("sprint", 14.5, "12120", "running, 10 mph (6 min/mile)", "sprint",
            keywords=("스프린트",)),
    MetRule("incline-treadmill", 8.0, "17211", "walking, 2.9-3.5 mph, uphill, 6-15% grade", "incline treadmill",
            keywords=("인클라인 트레드밀",)),
    MetRule("running", 8.0, "12150", "running, general", "outdoor or treadmill running",
            equipment=("유산소",), keywords=("러닝", "런닝", "달리기", "트레드밀")),
    MetRule("running-in-place", 8.0, "12025", "jogging, in place", "제자리 뛰기",
            keywords=("제자리 뛰기",)),
    MetRule("walking", 4.3, "17200", "walking, 3.5 mph, level, brisk", "walking as cardio",
            equipment=("유산소",), keywords=("워킹", "걷기")),
    MetRule("cycling-outdoor", 7.5, "01015", "bicycling, general", "outdoor cycling",
            equipment=("유산소",), keywords=("야외 싸이클", "야외 사이클", "자전거")),
    MetRule("cycling-stationary", 7.0, "02010", "bicycling, stationary, general", "indoor cycle",
            equipment=("유산소",), keywords=("싸이클", "사이클")),
    MetRule("rowing", 7.0, "02072", "rowing, stationary, 100 watts, moderate effort", "rowing machine",
            keywords=("로잉",)),
    MetRule("elliptical", 5.0, "02048", "elliptical trainer, moderate effort", "elliptical",
            keywords=("일립티컬",)),
    MetRule("stair-machine", 9.0, "02065", "stair-treadmill ergometer, general", "stepper, step mill, climber",
            keywords=("스텝 밀", "스텝밀", "스테퍼", "마이마운틴")),
    MetRule("stair-climbing", 8.8, "17134", "stair climbing, fast pace", "계단 오르기",
            keywords=("계단",)),
    MetRule("swimming", 5.8, "18310", "swimming laps, freestyle, slow, light or moderate effort", "수영",
            equipment=("유산소",), keywords=("수영",)),
    MetRule("boxing", 5.5, "15110", "boxing, punching bag", "복싱",
            keywords=("복싱",)),
    MetRule("basketball", 6.5, "15055", "basketball, general", "농구",
            keywords=("농구",)),
    MetRule("battle-rope", 8.0, "02040", "circuit training, vigorous, minimal rest", "battle rope",
            keywords=("배틀 로프",)),
    MetRule("calisthenics-vigorous", 8.0, "02020", "calisthenics, vigorous effort", "jumping or plyometric move",
            equipment=("맨몸", "유산소", "덤벨"),
            keywords=("버피", "점프", "마운틴 클라이머", "팔 벌려뛰기", "하이니", "벗 킥", "스케이터")),
    # Resistance training.
    MetRule("olympic-lift", 6.0, "02050", "resistance training, vigorous effort", "Olympic or explosive lift",
            equipment=("바벨", "덤벨"), keywords=("클린", "스내치", "저크", "쓰러스터", "데빌 프레스")),
    MetRule("barbell-compound", 6.0, "02050", "resistance training, vigorous effort", "compound barbell lift",
            equipment=("바벨",),
            keywords=("스쿼트", "데드리프트", "데드 리프트", "프레스", "플레스", "로우", "런지", "굿 모닝", "랙 풀",
                      "쓰러스트", "스텝업"),
            exclude=("업라이트", "리어 델트")),
    MetRule("resistance", 3.5, "02054", "resistance training, light or moderate effort",
            "free weight, machine, cable or band", equipment=FREE_AND_MACHINE),
    # Bodyweight (맨몸).
    MetRule("isometric-hold", 3.8, "02022", "calisthenics, moderate effort", "isometric hold",
            equipment=("맨몸",),
            keywords=("플랭크", "사이드 브릿지", "할로우", "L-싯", "V-싯", "매달리기", "물구나무 서기", "플란체",
                      "레버"),
            exclude=("푸시 업",)),
    MetRule("calisthenics-light", 2.8, "02024", "calisthenics, light effort", "floor core or glute move",
            equipment=("맨몸",),
            keywords=("크런치", "싯업", "싯 업", "윗몸 일으키기", "트위스트", "데드 버그", "버드 독", "클램쉘",
                      "플러터 킥", "브릿지", "킥 백", "어브덕션", "슈퍼맨", "윈드밀")),
    MetRule("calisthenics", 3.8, "02022", "calisthenics, moderate effort", "bodyweight exercise",
            equipment=("맨몸",)),
)


def classify(equipment: str, name: str) -> MetRule:
    for rule in MET_RULES:
        if rule.equipment and equipment not in rule.equipment:
            continue
        if rule.keywords and not any(k in name for k in rule.keywords):
            continue
        if any(k in name for k in rule.exclude):
            continue
        return rule
    raise SystemExit(f"no MET rule matches {equipment!r} {name!r}: add one to MET_RULES")


# ---------------------------------------------------------------------------------------------------------------
# English names. A name is split into tokens (words, and parenthesised groups); the longest run of tokens found
# in EN_TERMS is translated at each position, left to right. A name gets an English name only when every token
# is covered. Values are written in the title case they should appear in. Misspellings found in the CSV map to
# the intended word (the Korean names themselves are kept as they are: clients send them back).

EN_TERMS = {
    # Equipment and props
    "바벨": "Barbell", "베벨": "Barbell", "베발": "Barbell", "덤벨": "Dumbbell", "케이블": "Cable",
    "머신": "Machine", "스미스 머신": "Smith Machine", "스미스": "Smith", "스미스 바": "Smith Bar",
    "밴드": "Band", "븐드": "Band", "짐볼": "Stability Ball", "메디신볼": "Medicine Ball", "보수": "BOSU",
    "링": "Ring", "로프": "Rope", "벤치": "Bench", "벤ㄴ치": "Bench", "밴치": "Bench", "바": "Bar",
    "V-bar": "V-Bar", "티 바": "T-Bar", "티바": "T-Bar", "박스": "Box", "랜드마인": "Landmine",
    "레버": "Lever", "래버": "Lever", "캡틴스 체어": "Captain's Chair", "로만 체어": "Roman Chair",
    "체어": "Chair", "벨트": "Belt", "로잉 머신": "Rowing Machine", "일립티컬": "Elliptical",
    "팩 덱": "Pec Deck", "패덱": "Pec Deck", "몬스터": "Monster", "글루트 햄 디벨로퍼": "Glute-Ham Developer",
    # Angles, positions, grips, sides
    "인클라인": "Incline", "디클라인": "Decline", "플랫": "Flat", "플로어": "Floor", "라잉": "Lying",
    "누워서": "Lying", "시티드": "Seated", "시트드": "Seated", "사티드": "Seated", "앉아서": "Seated",
    "스탠딩": "Standing", "스텐딩": "Standing", "스탠등": "Standing", "벤트 오버": "Bent-Over",
    "와이드": "Wide", "와이드 그립": "Wide-Grip", "클로즈 그립": "Close-Grip", "리버스 그립": "Reverse-Grip",
    "리버스 크립": "Reverse-Grip", "해머 그립": "Hammer-Grip", "패러럴 그립": "Parallel-Grip",
    "맥 그립": "MAG Grip", "그립": "Grip", "네로우": "Narrow", "언더핸드": "Underhand", "언더랜드": "Underhand",
    "리버스": "Reverse", "사이드": "Side", "프론트": "Front", "리어": "Rear", "오버헤드": "Overhead",
    "비하인드 넥": "Behind-the-Neck", "비하인드 넥플레스": "Behind-the-Neck Press",
    "비하인드 백": "Behind-the-Back", "하이": "High", "로우 바": "Low-Bar", "로우 로우": "Low Row",
    "로우 플라이": "Low Fly", "원 암": "One-Arm", "싱글 암": "Single-Arm", "스트레이트 암": "Straight-Arm",
    "스트레이트": "Straight", "싱글 레그": "Single-Leg", "투 레그": "Two-Leg", "더블 레그": "Double-Leg",
    "스티프 레그": "Stiff-Leg", "시티프 레그": "Stiff-Leg", "외발": "Single-Leg", "싱글": "Single",
    "더블": "Double", "얼터네이트": "Alternating", "아이소 래터럴": "Iso-Lateral", "무릎 대고": "Kneeling",
    "무릎": "Kneeling", "정지": "Pause", "데피싯": "Deficit", "하프": "Half", "풀 스쿼트": "Full Squat",
    "중량": "Weighted", "맨몸": "Bodyweight", "어시스티드": "Assisted", "네거티브": "Negative",
    "익스터널": "External", "인터널": "Internal", "크로스": "Cross", "크로스 바디": "Cross-Body",
    "크로스 오버": "Crossover", "크로스오버": "Crossover", "오버": "Over", "야외": "Outdoor",
    "45도": "45-Degree", "앤": "and", "및": "and", "(시간)": "(Timed)",
    # Body parts
    "가슴": "Chest", "체스트": "Chest", "등": "Back", "백": "Back", "어깨": "Shoulder", "숄더": "Shoulder",
    "광배": "Lat", "광배근": "Lat", "랫": "Lat", "델트": "Delt", "이두근": "Biceps", "바이셉": "Biceps",
    "트라이셉": "Triceps", "트라이셉스": "Triceps", "회전근": "Rotator Cuff", "척추": "Spine",
    "골반": "Pelvic", "힙": "Hip", "글루트": "Glute", "둔근": "Glute", "둔군": "Glute", "햄스트링": "Hamstring",
    "햄": "Ham", "전면 허벅지": "Quad", "후면 허벅지": "Hamstring", "허벅지": "Thigh", "아웃 싸이": "Outer Thigh",
    "이너 싸이": "Inner Thigh", "카프": "Calf", "종아리": "Calf", "리스트": "Wrist", "레그": "Leg", "암": "Arm",
    "니": "Knee", "넥": "Neck", "바디": "Body", "AB": "Ab", "오블리크": "Oblique",
    # Movements
    "벤치 프레스": "Bench Press", "프레스": "Press", "푸시 업": "Push-Up", "푸시": "Push", "풀 업": "Pull-Up",
    "풀업": "Pull-Up", "친 업": "Chin-Up", "머슬 업": "Muscle-Up", "머슬업": "Muscle-Up", "니 업": "Knee-Up",
    "싯 업": "Sit-Up", "싯업": "Sit-Up", "윗몸 일으키기": "Sit-Up", "스쿼트": "Squat", "런지": "Lunge",
    "데드리프트": "Deadlift", "데드 리프트": "Deadlift", "로우": "Row", "컬": "Curl", "익스텐션": "Extension",
    "인스텐션": "Extension", "하이퍼 익스텐션": "Hyperextension", "하이퍼익스텐션": "Hyperextension",
    "플라이": "Fly", "레이즈": "Raise", "와이 레이즈": "Y-Raise", "T-레이즈": "T-Raise", "레터럴": "Lateral",
    "래터럴": "Lateral", "데터럴": "Lateral", "크런치": "Crunch", "플랭크": "Plank", "킥 백": "Kickback",
    "딥스": "Dips", "슈러그": "Shrug", "랫 풀 다운": "Lat Pulldown", "풀 다운": "Pulldown",
    "푸시 다운": "Pushdown", "푸시다운": "Pushdown", "풀 오버": "Pullover", "풀오버": "Pullover",
    "풀 쓰루": "Pull-Through", "페이스 풀": "Face Pull", "랙 풀": "Rack Pull", "레그 풀": "Leg Pull",
    "업라이트 로우": "Upright Row", "로테이션": "Rotation", "트위스트": "Twist", "브릿지": "Bridge",
    "쓰러스트": "Thrust", "쓰러스터": "Thruster", "스텝업": "Step-Up", "어브덕션": "Abduction",
    "어덕션": "Adduction", "굿 모닝": "Good Morning", "클린": "Clean", "저크": "Jerk", "스내치": "Snatch",
    "점프": "Jump", "버피": "Burpee", "킥": "Kick", "덩키 킥": "Donkey Kick", "벗 킥": "Butt Kick",
    "플러터 킥": "Flutter Kick", "터치": "Touch", "탭": "Tap", "풋 탭": "Foot Tap", "숄더탭": "Shoulder Tap",
    "슬라이드": "Slide", "리프트": "Lift", "스트레칭": "Stretch", "스트레치": "Stretch",
    "폼룰러": "Foam Rolling", "폼 룰러": "Foam Rolling", "행잉": "Hanging", "데드 행": "Dead Hang",
    "매달리기": "Dead Hang", "스윙": "Swing", "스텝": "Step", "스탭": "Step", "워킹": "Walking",
    "암 워킹": "Arm Walk", "스탠드": "Stand", "밸런스": "Balance", "균형 잡기": "Balance", "균형잡기": "Balance",
    "캐리": "Carry", "스퀴즈": "Squeeze", "릴리즈": "Release", "핸드 릴리즈": "Hand-Release",
    "스쿼팅": "Squatting", "드래그": "Drag", "컨센트레이션": "Concentration", "해머": "Hammer",
    "프리쳐": "Preacher", "스컬크러셔": "Skull Crusher", "우드찹": "Woodchop", "펄스": "Pulse",
    "스태틱": "Static", "고블릿": "Goblet", "스플릿": "Split", "스필릿": "Split", "불가리안": "Bulgarian",
    "루마니안": "Romanian", "스모": "Sumo", "스모드": "Sumo", "핵": "Hack", "브이": "V", "브이 스쿼트": "V-Squat", "리니어": "Linear",
    "팬듈럼": "Pendulum", "피스톨": "Pistol", "쉬림프": "Shrimp", "프로그": "Frog", "개구리": "Frog",
    "개구리 자세": "Frog Pose", "월": "Wall", "힌두": "Hindu", "다이아몬드": "Diamond", "파이크": "Pike",
    "아처": "Archer", "비대칭": "Asymmetric", "핀": "Pin", "데빌": "Devil", "슈퍼맨": "Superman",
    "버터플라이": "Butterfly", "인버티드": "Inverted", "이버티드": "Inverted", "엘싯": "L-Sit", "L-싯": "L-Sit",
    "V-싯": "V-Sit", "레네게이드": "Renegade", "펜들레이": "Pendlay", "아놀드": "Arnold", "밀리터리": "Military",
    "테이트": "Tate", "조트맨": "Zottman", "JM": "JM", "스파이더": "Spider", "스파이더맨": "Spider-Man",
    "러시안": "Russian", "토즈 투 바": "Toes-to-Bar", "바이씨클": "Bicycle", "힐": "Heel",
    "암 슬링어": "Arm Sling", "데드 버그": "Dead Bug", "할로우": "Hollow", "윈드밀": "Windmill",
    "시저": "Scissor", "드래곤 플래그": "Dragon Flag", "팔로프": "Pallof", "제퍼슨": "Jefferson",
    "제르셔": "Zercher", "인맨아웃": "In-and-Out", "노르딕": "Nordic", "클루트 햄 레이즈": "Glute-Ham Raise",
    "인치웜": "Inchworm", "클램쉘": "Clamshell", "아라베스크": "Arabesque", "버드 독": "Bird Dog",
    "클루드": "Glute", "마운틴 클라이머": "Mountain Climber", "스케이터": "Skater", "파머스": "Farmer's",
    "에어 바이크": "Air Bike", "플란체": "Planche", "물구나무": "Handstand", "물구나무 서기": "Handstand",
    "물구나무 서서 걷기": "Handstand Walk", "팔 벌려뛰기": "Jumping Jacks", "잭 점프": "Jumping Jack",
    "제자리 뛰기": "Running in Place", "제자리 점프": "Jump in Place", "크리스 크로스": "Criss-Cross",
    "하이니": "High Knees", "땅바닥 짚기": "Floor Touch", "윗몸 굽히기": "Forward Bend",
    "허리 돌리기": "Waist Rotation", "가슴 펴기": "Chest Opener", "사이드 밴드": "Side Bend",
    "트라이셉스 딥스 플로어": "Triceps Floor Dips", "프론트 레버": "Front Lever",
    # Pilates and yoga
    "필라테스": "Pilates", "요가": "Yoga", "스완": "Swan", "헌드레드": "Hundred", "컨트롤": "Control",
    "코르크 스크류": "Corkscrew", "크랩": "Crab", "잭 나이프": "Jackknife",
    # Cardio and sport
    "러닝": "Running", "러닝머신": "Treadmill", "트레드밀": "Treadmill", "스프린트": "Sprint",
    "싸이클": "Cycling", "스텝 밀": "Step Mill", "스테퍼": "Stepper", "계단 오르기": "Stair Climbing",
    "줄넘기": "Jump Rope", "이단 뛰기": "Double-Unders", "수영": "Swimming", "복싱": "Boxing",
    "농구": "Basketball", "배틀 로프": "Battle Ropes",
}

EN_PHRASES = {tuple(k.split()): v for k, v in EN_TERMS.items()}
EN_MAX_PHRASE = max(len(k) for k in EN_PHRASES)


def tokens(name: str) -> list:
    return re.findall(r"\([^)]*\)|[^\s()]+", name)


def english_name(name: str) -> tuple:
    """Returns (English name or None, list of untranslated tokens)."""
    toks = tokens(name)
    words, unknown, i = [], [], 0
    while i < len(toks):
        for n in range(min(EN_MAX_PHRASE, len(toks) - i), 0, -1):
            phrase = tuple(toks[i:i + n])
            if phrase in EN_PHRASES:
                words.append(EN_PHRASES[phrase])
                i += n
                break
        else:
            unknown.append(toks[i])
            i += 1
    if unknown or not words:
        return None, unknown
    text = " ".join(words)
    return text[0].upper() + text[1:], []


# ---------------------------------------------------------------------------------------------------------------
# Loading


class Exercise(NamedTuple):
    id: int
    source_id: int
    exercise_name: str
    name_en: Optional[str]
    body_part: str
    equipment: str
    measurement_unit: str
    weight_unit: str
    rule: MetRule


class Catalog(NamedTuple):
    exercises: list
    placeholders: list  # CSV ids
    merges: list        # (kept Exercise, dropped CSV row dict, differing fields)
    cleaned: list       # (CSV id, raw name, cleaned name)
    untranslated: dict  # token -> [names]


def load(path: str) -> Catalog:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = ["id", "body_part", "equipment", "exercise_name", "measurement_unit", "weight_unit"]
    if not rows or list(rows[0].keys()) != expected:
        raise SystemExit(f"{path}: expected columns {expected}")

    exercises, placeholders, merges, cleaned = [], [], [], []
    untranslated = collections.defaultdict(list)
    by_name = {}
    for row in rows:
        row = {k: (v or "").strip() for k, v in row.items()}
        source_id = int(row["id"])
        raw = row["exercise_name"]
        name = raw
        for note in NAME_ANNOTATIONS:
            if name.endswith(note):
                name = name[: -len(note)]
        name = " ".join(name.split())
        if name != raw:
            cleaned.append((source_id, raw, name))
        if name in PLACEHOLDER_NAMES:
            placeholders.append(source_id)
            continue
        for field, allowed in (("body_part", BODY_PARTS), ("equipment", EQUIPMENT),
                               ("measurement_unit", MEASUREMENT_UNITS), ("weight_unit", WEIGHT_UNITS)):
            if row[field] not in allowed:
                raise SystemExit(f"{path}: row {source_id}: unexpected {field} {row[field]!r}")
        if name in by_name:
            kept = by_name[name]
            differing = [f for f in ("body_part", "equipment", "measurement_unit", "weight_unit")
                         if getattr(kept, f) != row[f]]
            merges.append((kept, source_id, differing))
            continue
        name_en, unknown = english_name(name)
        for tok in unknown:
            untranslated[tok].append(name)
        exercise = Exercise(
            id=len(exercises) + 1, source_id=source_id, exercise_name=name, name_en=name_en,
            body_part=row["body_part"], equipment=row["equipment"], measurement_unit=row["measurement_unit"],
            weight_unit=row["weight_unit"], rule=classify(row["equipment"], name))
        by_name[name] = exercise
        exercises.append(exercise)
    return Catalog(exercises, placeholders, merges, cleaned, dict(untranslated))


# ---------------------------------------------------------------------------------------------------------------
# SQL

DIALECT_TYPES = {
    "sqlite": {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "int": "INTEGER", "bigint": "INTEGER",
               "bool": "INTEGER", "real": "REAL"},
    "postgresql": {"id": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "int": "INTEGER",
                   "bigint": "BIGINT", "bool": "SMALLINT", "real": "DOUBLE PRECISION"},
}

COLUMNS = ("id", "exercise_name", "name_en", "body_part", "equipment", "measurement_unit", "weight_unit",
           "met_value", "met_basis", "created_at", "updated_at")


def sql_text(value: Optional[str]) -> str:
    if value is None:
        return "NULL"
    if "\x00" in value:
        raise SystemExit("NUL in a text value")
    return "'" + value.replace("'", "''") + "'"


def render(dialect: str, catalog: Catalog) -> str:
    t = DIALECT_TYPES[dialect]
    n = len(catalog.exercises)
    out = [
        f"-- GENERATED FILE, do not edit: written by tools/catalog/generate.py from tools/catalog/trainmate-exercises.csv.",
        f"-- Regenerate with `python3 tools/catalog/generate.py` (check with --check); docs/CATALOG.md explains the rules.",
        f"-- The exercise catalog ({n} exercises, ids 1..{n} in CSV order, identical in both dialects) and trainers'",
        f"-- private custom exercises (owner_id set). met_value is in METs, met_basis names the Compendium of Physical",
        f"-- Activities entry behind it. Times are microseconds since the Unix epoch (UTC).",
        "CREATE TABLE exercises (",
        f"    id {t['id']},",
        "    exercise_name TEXT NOT NULL,",
        "    name_en TEXT,",
        "    body_part TEXT NOT NULL,",
        "    equipment TEXT NOT NULL,",
        "    measurement_unit TEXT NOT NULL,",
        "    weight_unit TEXT NOT NULL,",
        f"    met_value {t['real']} NOT NULL CHECK (met_value >= 1 AND met_value <= 20),",
        "    met_basis TEXT NOT NULL,",
        f"    is_active {t['bool']} NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),",
        f"    owner_id {t['bigint']} REFERENCES users(id) ON DELETE CASCADE,",
        f"    created_at {t['bigint']} NOT NULL,",
        f"    updated_at {t['bigint']} NOT NULL",
        ");",
        "-- One name per owner; catalog rows (owner_id NULL) count as owner 0.",
        "CREATE UNIQUE INDEX exercises_owner_name ON exercises(COALESCE(owner_id, 0), exercise_name);",
        "CREATE INDEX exercises_body_part ON exercises(body_part, exercise_name);",
    ]
    for start in range(0, n, INSERT_CHUNK):
        chunk = catalog.exercises[start:start + INSERT_CHUNK]
        out.append("")
        out.append(f"INSERT INTO exercises ({', '.join(COLUMNS)}) VALUES")
        for j, e in enumerate(chunk):
            values = (str(e.id), sql_text(e.exercise_name), sql_text(e.name_en), sql_text(e.body_part),
                      sql_text(e.equipment), sql_text(e.measurement_unit), sql_text(e.weight_unit),
                      f"{e.rule.met:.1f}", sql_text(e.rule.basis), str(CATALOG_TIME_US), str(CATALOG_TIME_US))
            out.append(f"    ({', '.join(values)}){';' if j == len(chunk) - 1 else ','}")
    if dialect == "postgresql":
        out.append("")
        out.append("-- The rows above carry explicit ids: move the identity past them.")
        out.append("SELECT setval(pg_get_serial_sequence('exercises', 'id'), (SELECT MAX(id) FROM exercises));")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Validation


def validate_sqlite(sql: str, catalog: Catalog) -> list:
    """Loads the SQLite migration into an in-memory database and returns a list of problems (empty: fine)."""
    problems = []
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    db.executescript(sql)
    n = len(catalog.exercises)
    ids = [r[0] for r in db.execute("SELECT id FROM exercises ORDER BY id")]
    if ids != list(range(1, n + 1)):
        problems.append(f"ids are not 1..{n}")
    per_part = dict(db.execute("SELECT body_part, COUNT(*) FROM exercises GROUP BY body_part"))
    missing = [p for p in BODY_PARTS if not per_part.get(p)]
    if missing:
        problems.append(f"body parts without exercises: {missing}")
    extra = sorted(set(per_part) - set(BODY_PARTS))
    if extra:
        problems.append(f"unknown body parts: {extra}")
    dup = db.execute("SELECT exercise_name FROM exercises GROUP BY exercise_name HAVING COUNT(*) > 1").fetchall()
    if dup:
        problems.append(f"duplicate names: {dup}")
    bad_met = db.execute("SELECT COUNT(*) FROM exercises WHERE met_value < 1 OR met_value > 20 "
                         "OR met_basis = ''").fetchone()[0]
    if bad_met:
        problems.append(f"{bad_met} rows with MET outside 1..20 or no basis")
    blank = db.execute("SELECT COUNT(*) FROM exercises WHERE trim(exercise_name) = '' OR exercise_name <> "
                       "trim(exercise_name) OR is_active <> 1 OR owner_id IS NOT NULL").fetchone()[0]
    if blank:
        problems.append(f"{blank} rows with a blank/untrimmed name, inactive or owned")
    # A trainer's custom exercise may reuse a catalog name; the same owner may not repeat one.
    db.execute("INSERT INTO users (id) VALUES (7)")
    db.execute("INSERT INTO exercises (exercise_name, body_part, equipment, measurement_unit, weight_unit, "
               "met_value, met_basis, owner_id, created_at, updated_at) "
               "VALUES ('푸시 업', '가슴', '맨몸', '회', 'none', 3.8, 'custom', 7, 0, 0)")
    new_id = db.execute("SELECT MAX(id) FROM exercises").fetchone()[0]
    if new_id != n + 1:
        problems.append(f"the next id after the catalog is {new_id}, not {n + 1}")
    for owner in ("7", "NULL"):
        try:
            db.execute("INSERT INTO exercises (exercise_name, body_part, equipment, measurement_unit, weight_unit, "
                       f"met_value, met_basis, owner_id, created_at, updated_at) VALUES ('푸시 업', '가슴', '맨몸', "
                       f"'회', 'none', 3.8, 'custom', {owner}, 0, 0)")
            problems.append(f"a second '푸시 업' for owner {owner} was accepted")
        except sqlite3.IntegrityError:
            pass
    db.execute("DELETE FROM users WHERE id = 7")
    if db.execute("SELECT COUNT(*) FROM exercises").fetchone()[0] != n:
        problems.append("deleting a trainer did not delete their custom exercises")
    db.close()
    return problems


# ---------------------------------------------------------------------------------------------------------------
# Report (the tables docs/CATALOG.md quotes)


def report(catalog: Catalog) -> str:
    ex = catalog.exercises
    lines = [f"exercises: {len(ex)}; placeholders skipped: {len(catalog.placeholders)}; "
             f"duplicates merged: {len(catalog.merges)}", ""]
    lines += ["| body part | exercises |", "|---|---:|"]
    parts = collections.Counter(e.body_part for e in ex)
    lines += [f"| {p} | {parts[p]} |" for p in BODY_PARTS]
    lines += ["", "| rule | MET | Compendium | matches (first rule wins) | rows |", "|---|---:|---|---|---:|"]
    rules = collections.Counter(e.rule.key for e in ex)
    for r in MET_RULES:
        cond = []
        if r.equipment:
            cond.append("equipment " + "/".join(r.equipment))
        if r.keywords:
            cond.append("name has " + ", ".join(r.keywords))
        if r.exclude:
            cond.append("but not " + ", ".join(r.exclude))
        lines.append(f"| {r.key} | {r.met:.1f} | {r.code} {r.activity} | {'; '.join(cond) or 'any'} | "
                     f"{rules[r.key]} |")
    named = sum(1 for e in ex if e.name_en)
    lines += ["", f"English names: {named}/{len(ex)} ({100.0 * named / len(ex):.1f}%)"]
    lines += [f"- no English name: {e.id} {e.exercise_name}" for e in ex if not e.name_en]
    lines += [f"- untranslated token {tok!r} in {names}" for tok, names in sorted(catalog.untranslated.items())]
    lines += ["", "Merged duplicates (kept id <- dropped CSV id):"]
    lines += [f"- {k.exercise_name}: catalog id {k.id} (CSV {k.source_id}) <- CSV {d}"
              + (f", differing {diff}" if diff else ", identical") for k, d, diff in catalog.merges]
    lines += ["", "Cleaned names:"] + [f"- CSV {i}: {raw!r} -> {new!r}" for i, raw, new in catalog.cleaned]
    lines += ["", "Placeholder CSV ids: " + ", ".join(map(str, catalog.placeholders))]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default=DEFAULT_CSV, help="catalog CSV (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if the migrations differ from what the CSV gives, or are invalid")
    parser.add_argument("--report", action="store_true", help="print counts per body part and MET rule, and more")
    args = parser.parse_args()

    catalog = load(args.csv)
    rendered = {d: render(d, catalog) for d in OUTPUTS}
    if args.report:
        print(report(catalog))
        return 0

    status = 0
    for dialect, path in OUTPUTS.items():
        if args.check:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    current = f.read()
            except FileNotFoundError:
                current = None
            if current != rendered[dialect]:
                print(f"{os.path.relpath(path, ROOT)} is stale: run python3 tools/catalog/generate.py",
                      file=sys.stderr)
                status = 1
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(rendered[dialect])
    problems = validate_sqlite(rendered["sqlite"], catalog)
    for p in problems:
        print(f"invalid catalog: {p}", file=sys.stderr)
    if problems:
        status = 1
    named = sum(1 for e in catalog.exercises if e.name_en)
    print(f"{'checked' if args.check else 'wrote'} {len(catalog.exercises)} exercises "
          f"({named} with English names); SQLite load {'FAILED' if problems else 'ok'}")
    return status


if __name__ == "__main__":
    sys.exit(main())

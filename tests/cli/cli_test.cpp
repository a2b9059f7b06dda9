// The spotter binary as an operator uses it: subcommands, settings errors, migrations, admins, SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <fstream>
#include <chrono>
#include <cstdio>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace spotter {
namespace {

struct Outcome {
    int status = -1;
    std::string output;  // stdout and stderr together
};

Outcome Spotter(const std::string& args, const std::string& env = {}, const std::string& input = {}) {
    std::string command = env + " " + SPOTTER_BINARY + " " + args + " 2>&1";
    if (!input.empty()) command = "printf '%s\\n' '" + input + "' | " + command;
    Outcome run;
    FILE* pipe = popen(command.c_str(), "r");
    std::array<char, 4096> buffer{};
    while (pipe && fgets(buffer.data(), buffer.size(), pipe)) run.output += buffer.data();
    int status = pipe ? pclose(pipe) : -1;
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

std::string DbEnv(const testing::TestDatabase& db) { return "SPOTTER_DATABASE_URL='" + db.url() + "'"; }

TEST(Cli, HelpListsCommandsAndSettings) {
    Outcome help = Spotter("--help");
    EXPECT_EQ(help.status, 0);
    for (const char* word : {"serve", "migrate", "user", "openapi", "SPOTTER_DATABASE_URL", "SPOTTER_BIND"}) {
        EXPECT_NE(help.output.find(word), std::string::npos) << word;
    }
    EXPECT_EQ(Spotter("user create-admin --help").status, 0);
}

TEST(Cli, WrongSettingStopsWithOneClearLine) {
    Outcome run = Spotter("serve", "SPOTTER_BIND=nonsense");
    EXPECT_EQ(run.status, 2);
    EXPECT_EQ(run.output.rfind("spotter: SPOTTER_BIND:", 0), 0u) << run.output;
    EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
    Outcome unknown = Spotter("migrate", "SPOTTER_DATABSE_URL=sqlite:/tmp/x.db");
    EXPECT_EQ(unknown.status, 2);
    EXPECT_NE(unknown.output.find("SPOTTER_DATABSE_URL: unknown setting"), std::string::npos) << unknown.output;
}

TEST(Cli, UnreachableDatabaseIsReportedWithoutItsPassword) {
    Outcome run = Spotter("migrate", "SPOTTER_DATABASE_URL=postgresql://spotter:hunter2@127.0.0.1:1/nowhere");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.output.find("cannot open the database"), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find("hunter2"), std::string::npos) << run.output;
}

TEST(Cli, MigrateIsIdempotent) {
    testing::TestDatabase db;
    Outcome first = Spotter("migrate", DbEnv(db));
    EXPECT_EQ(first.status, 0) << first.output;
    EXPECT_NE(first.output.find("applied"), std::string::npos);
    Outcome second = Spotter("migrate", DbEnv(db));
    EXPECT_EQ(second.status, 0);
    EXPECT_NE(second.output.find("up to date"), std::string::npos) << second.output;
}

TEST(Cli, CreateAdminFromFlagsOrPrompt) {
    testing::TestDatabase db;
    Outcome weak = Spotter("user create-admin --email boss@example.com --password weak", DbEnv(db));
    EXPECT_EQ(weak.status, 2);
    EXPECT_NE(weak.output.find("password"), std::string::npos) << weak.output;
    Outcome made = Spotter("user create-admin --email boss@example.com --password Sturdy-Pass-2026", DbEnv(db));
    EXPECT_EQ(made.status, 0) << made.output;
    EXPECT_NE(made.output.find("created administrator boss@example.com"), std::string::npos) << made.output;
    // Password from standard input (the prompt), as a script would give it.
    Outcome prompted = Spotter("user create-admin --email boss@example.com", DbEnv(db), "Another-Pass-2027");
    EXPECT_EQ(prompted.status, 0) << prompted.output;
    EXPECT_NE(prompted.output.find("promoted existing account"), std::string::npos) << prompted.output;
}

TEST(Cli, OpenApiPrintsTheDocument) {
    Outcome run = Spotter("openapi", "", "");
    ASSERT_EQ(run.status, 0);
    auto doc = nlohmann::json::parse(run.output);
    EXPECT_EQ(doc["openapi"], "3.1.0");
    EXPECT_EQ(doc["info"]["title"], "Spotter API");
}

TEST(Cli, AnalyzeCountsRepetitionsInARecording) {
    testing::TempDir dir;
    std::string path = dir.path() + "/squats.csv";
    {
        std::ofstream out(path);
        // Standing still for a second, three squats at 30 fps seen from the front (hips and shoulders go down
        // and up every 1.5 s), then standing again.
        for (int i = 0; i < 200; ++i) {
            double t = i / 30.0, moving = t - 1.0;
            double phase = moving > 0 && moving < 4.5 ? (1 - std::cos(2 * M_PI * moving / 1.5)) / 2 : 0.0;
            std::vector<std::array<double, 4>> lm(33, {0.5, 0.5, 0.0, 0.99});
            lm[11] = {0.45, 0.30 + 0.15 * phase, 0, 0.99};
            lm[12] = {0.55, 0.30 + 0.15 * phase, 0, 0.99};
            lm[23] = {0.46 - 0.08 * phase, 0.55 + 0.18 * phase, 0, 0.99};
            lm[24] = {0.54 + 0.08 * phase, 0.55 + 0.18 * phase, 0, 0.99};
            lm[25] = {0.46, 0.75, 0, 0.99};
            lm[26] = {0.54, 0.75, 0, 0.99};
            lm[27] = {0.46, 0.95, 0, 0.99};
            lm[28] = {0.54, 0.95, 0, 0.99};
            out << t;
            for (const auto& point : lm) {
                for (double value : point) out << "," << value;
            }
            out << "\n";
        }
    }
    Outcome run = Spotter("analyze --exercise squat " + path);
    ASSERT_EQ(run.status, 0) << run.output;
    auto result = nlohmann::json::parse(run.output);
    EXPECT_EQ(result["exercise"], "squat");
    EXPECT_EQ(result["count"], 3) << run.output.substr(0, 400);
    EXPECT_EQ(result["reps"].size(), 3u);
    Outcome missing = Spotter("analyze --exercise squat " + dir.path() + "/nope.csv");
    EXPECT_EQ(missing.status, 1);
    Outcome bad = Spotter("analyze --exercise yoga " + path);
    EXPECT_EQ(bad.status, 2);
}

TEST(Cli, ServeStopsCleanlyOnSigterm) {
    testing::TestDatabase db;
    testing::TempDir dir;
    int port = 20000 + static_cast<int>(getpid() % 20000);
    pid_t child = fork();
    if (child == 0) {
        std::string bind = "SPOTTER_BIND=127.0.0.1:" + std::to_string(port);
        std::string url = "SPOTTER_DATABASE_URL=" + db.url();
        std::string var = "SPOTTER_VAR_DIR=" + dir.path();
        std::string media = "SPOTTER_MEDIA_DIR=" + dir.path() + "/media";
        putenv(bind.data());
        putenv(url.data());
        putenv(var.data());
        putenv(media.data());
        freopen("/dev/null", "w", stdout);
        execl(SPOTTER_BINARY, SPOTTER_BINARY, "serve", static_cast<char*>(nullptr));
        _exit(127);
    }
    testing::HttpClient client("http://127.0.0.1:" + std::to_string(port));
    bool up = false;
    for (int i = 0; i < 100 && !up; ++i) {
        try {
            up = client.Get("/healthz").status == 200;
        } catch (...) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ASSERT_TRUE(up) << "server did not start";
    // A development secret was generated and kept.
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/secret_key"));
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace spotter

#include "config/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_database.hpp"

namespace spotter::config {
namespace {

TEST(Config, DefaultsServeSqliteOnLocalhost) {
    Config config = LoadConfig({});
    EXPECT_EQ(config.bind_host, "127.0.0.1");
    EXPECT_EQ(config.bind_port, 8000);
    EXPECT_EQ(config.database_url, "sqlite:var/spotter.db");
    EXPECT_EQ(config.media_dir, "var/media");
    EXPECT_EQ(config.signups_per_address_per_hour, 20u);
    EXPECT_EQ(LoadConfig({{{"SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR", "200"}}}).signups_per_address_per_hour, 200u);
}

TEST(Config, LaterLayersWin) {
    Settings file = {{"SPOTTER_BIND", "0.0.0.0:9000"}, {"SPOTTER_LOG_LEVEL", "debug"}};
    Settings env = {{"SPOTTER_BIND", "127.0.0.1:9100"}};
    Settings flags = {{"SPOTTER_LOG_LEVEL", "warn"}};
    Config config = LoadConfig({file, env, flags});
    EXPECT_EQ(config.bind_port, 9100);
    EXPECT_EQ(config.log_level, "warn");
}

TEST(Config, ParsesOriginsAndIpv6Bind) {
    Config config = LoadConfig({{{"SPOTTER_CORS_ORIGINS", "http://localhost:3000, https://app.example.com"},
                                 {"SPOTTER_BIND", "[::1]:8080"}}});
    ASSERT_EQ(config.cors_origins.size(), 2u);
    EXPECT_EQ(config.cors_origins[1], "https://app.example.com");
    EXPECT_EQ(config.bind_host, "::1");
    EXPECT_EQ(config.bind_port, 8080);
}

struct BadSetting {
    const char* key;
    const char* value;
    const char* mentions;
};

class ConfigRejects : public ::testing::TestWithParam<BadSetting> {};

TEST_P(ConfigRejects, WithOneLineNamingTheSetting) {
    const BadSetting& bad = GetParam();
    try {
        LoadConfig({{{bad.key, bad.value}}});
        FAIL() << bad.key << "=" << bad.value << " was accepted";
    } catch (const ConfigError& e) {
        std::string message = e.what();
        EXPECT_NE(message.find(bad.mentions), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Settings, ConfigRejects,
    ::testing::Values(BadSetting{"SPOTTER_BIND", "localhost", "SPOTTER_BIND"},
                      BadSetting{"SPOTTER_BIND", "127.0.0.1:99999", "SPOTTER_BIND"},
                      BadSetting{"SPOTTER_BIND", "127.0.0.1:80a", "SPOTTER_BIND"},
                      BadSetting{"SPOTTER_DATABASE_URL", "mysql://x", "SPOTTER_DATABASE_URL"},
                      BadSetting{"SPOTTER_DATABASE_URL", "sqlite:", "SPOTTER_DATABASE_URL"},
                      BadSetting{"SPOTTER_SECRET_KEY", "short", "SPOTTER_SECRET_KEY"},
                      BadSetting{"SPOTTER_CORS_ORIGINS", "null", "SPOTTER_CORS_ORIGINS"},
                      BadSetting{"SPOTTER_CORS_ORIGINS", "https://a.example/path", "SPOTTER_CORS_ORIGINS"},
                      BadSetting{"SPOTTER_SMTP_URL", "http://mail", "SPOTTER_SMTP_URL"},
                      BadSetting{"SPOTTER_MAIL_FROM", "nobody", "SPOTTER_MAIL_FROM"},
                      BadSetting{"SPOTTER_LOG_LEVEL", "loud", "SPOTTER_LOG_LEVEL"},
                      BadSetting{"SPOTTER_ENV", "staging", "SPOTTER_ENV"},
                      BadSetting{"SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR", "0", "SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR"},
                      BadSetting{"SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR", "lots", "SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR"},
                      BadSetting{"SPOTTER_BINDD", "x", "SPOTTER_BINDD"}));

TEST(Config, ReadsKeyValueFilesWithCommentsAndQuotes) {
    testing::TempDir dir;
    std::string path = dir.path() + "/spotter.env";
    std::ofstream(path) << "# local settings\n\nSPOTTER_BIND = 127.0.0.1:8123\nSPOTTER_MAIL_FROM=\"Gym <gym@example.com>\"\n";
    Config config = LoadConfig({SettingsFromFile(path)});
    EXPECT_EQ(config.bind_port, 8123);
    EXPECT_EQ(config.mail_from, "Gym <gym@example.com>");
}

TEST(Config, FileWithoutEqualsSignIsRejectedWithItsLine) {
    testing::TempDir dir;
    std::string path = dir.path() + "/bad.env";
    std::ofstream(path) << "SPOTTER_BIND=127.0.0.1:1\nnonsense\n";
    try {
        SettingsFromFile(path);
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos);
    }
}

TEST(Config, DevelopmentSecretIsGeneratedOnceAndKept) {
    testing::TempDir dir;
    Config first;
    first.var_dir = dir.path();
    std::string warning;
    EnsureSecretKey(first, warning);
    EXPECT_GE(first.secret_key.size(), 64u);
    EXPECT_FALSE(warning.empty());
    auto mode = std::filesystem::status(dir.path() + "/secret_key").permissions();
    EXPECT_EQ(mode & std::filesystem::perms::others_read, std::filesystem::perms::none);

    Config second;
    second.var_dir = dir.path();
    EnsureSecretKey(second, warning);
    EXPECT_EQ(first.secret_key, second.secret_key);
}

TEST(Config, ProductionRequiresASecret) {
    Config config = LoadConfig({{{"SPOTTER_ENV", "production"}}});
    std::string warning;
    EXPECT_THROW(EnsureSecretKey(config, warning), ConfigError);
}

}  // namespace
}  // namespace spotter::config

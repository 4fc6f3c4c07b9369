#include <fascia/passwords.h>

#include <sodium.h>

#include <gtest/gtest.h>

using namespace fascia;

TEST(Passwords, AreStoredAsArgon2idWithAtLeast19MiBAndTwoPasses)
{
    const auto hash = hash_password("correct horse battery");
    ASSERT_TRUE(hash) << hash.error().message;
    EXPECT_EQ(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *hash;
    EXPECT_TRUE(verify_password(*hash, "correct horse battery"));
    EXPECT_FALSE(verify_password(*hash, "correct horse batter"));
    EXPECT_FALSE(password_needs_rehash(*hash));
    EXPECT_NE(*hash, *hash_password("correct horse battery")) << "each hash has its own salt";
}

TEST(Passwords, ShortOnesAreRefused)
{
    const auto hash = hash_password("1234567");
    ASSERT_FALSE(hash);
    EXPECT_EQ(hash.error().field, "password");
}

TEST(Passwords, AWeakerOldHashNeedsRehashing)
{
    ASSERT_GE(sodium_init(), 0);
    char weak[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(weak, "fascia-demo", 11, 1, 8 * 1024 * 1024, crypto_pwhash_ALG_ARGON2ID13), 0);
    EXPECT_TRUE(verify_password(weak, "fascia-demo"));
    EXPECT_TRUE(password_needs_rehash(weak));
    EXPECT_FALSE(is_password_hash("fascia-demo")) << "a command never carries a password as its hash";
}

TEST(Passwords, AHashWithOutOfRangeParametersIsRefused)
{
    // A hash arriving through sync decides how much memory and time every desk spends checking it.
    const std::string tail = "$c29tZXNhbHRzb21lc2FsdA$6qTmtmF8zYbHjVQhIvRL7a0vDpKf9N4tFs6JLh2LB/8";
    EXPECT_TRUE(is_password_hash("$argon2id$v=19$m=19456,t=2,p=1" + tail));
    EXPECT_FALSE(is_password_hash("$argon2id$v=19$m=4194304,t=2,p=1" + tail)) << "4 GiB of memory";
    EXPECT_FALSE(is_password_hash("$argon2id$v=19$m=19456,t=100000,p=1" + tail)) << "100,000 passes";
    EXPECT_FALSE(is_password_hash("$argon2id$v=19$m=19456,t=2,p=64" + tail)) << "64 lanes";
    EXPECT_FALSE(is_password_hash("$argon2id$v=19$m=16,t=2,p=1" + tail)) << "16 KiB";
    EXPECT_FALSE(is_password_hash("$argon2id$v=19$t=2,p=1" + tail)) << "no memory parameter";
    EXPECT_FALSE(verify_password("$argon2id$v=19$m=4194304,t=2,p=1" + tail, "anything"));
}

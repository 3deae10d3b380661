package io.callqueue.examples.server.panel;

import io.callqueue.examples.server.config.ServerConfig;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as the configuration holds them: PBKDF2 with HMAC-SHA-512 from the JDK,
 * {@value #DEFAULT_ITERATIONS} iterations (OWASP's figure for this function), a 16-byte random
 * salt and a 64-byte result, written {@code pbkdf2-sha512:<iterations>:<salt>:<hash>} in Base64.
 * Verification takes the iteration count from the hash and compares in constant time.
 */
public final class PasswordHash {
  /** Iterations of a new hash. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  private static final String PREFIX = "pbkdf2-sha512";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A new hash of {@code password} with a fresh salt. */
  public static String hash(String password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  /** A new hash with a given number of iterations (tests use fewer, to stay fast). */
  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return PREFIX + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} matches {@code hash}; a malformed hash matches nothing. */
  public static boolean verify(String password, String hash) {
    if (password == null || hash == null || !hash.matches(ServerConfig.Panel.HASH_FORMAT)) {
      return false;
    }
    String[] parts = hash.split(":");
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
  }

  /** A random password for a first start: 18 URL-safe characters (108 bits). */
  public static String newPassword() {
    byte[] bytes = new byte[14];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, 18);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec)
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA512", e);
    } finally {
      spec.clearPassword();
    }
  }
}

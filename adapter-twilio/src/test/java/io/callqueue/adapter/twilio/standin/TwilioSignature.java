package io.callqueue.adapter.twilio.standin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stand-in's own {@code X-Twilio-Signature}, written from Twilio's security documentation:
 * Base64 of HMAC-SHA1, keyed with the Auth Token, over the full URL followed by every POST
 * parameter's name and value, sorted by name, with no separators.
 */
public final class TwilioSignature {
  private TwilioSignature() {}

  public static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 unavailable", e);
    }
  }
}

package io.shopwatch.config.secret;

import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.config.release.DraftSealer;
import io.shopwatch.config.release.Secrets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Encrypts secrets as a draft is written. A value written {@code {cipher}<clear>} is sealed; a value written
 * {@value Secrets#MASKED} (the mask the API shows) keeps the secret the key already had. Nothing else changes.
 */
public final class CipherDraftSealer implements DraftSealer {

    private final SecretCipher cipher;

    public CipherDraftSealer(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public SortedMap<String, Object> seal(SortedMap<String, Object> written, Map<String, Object> previous) {
        SortedMap<String, Object> sealed = new TreeMap<>();
        written.forEach((key, value) -> {
            if (!Secrets.isSecret(value)) {
                sealed.put(key, value);
            } else if (Secrets.MASKED.equals(value)) {
                Object kept = previous.get(key);
                if (!Secrets.isSecret(kept)) {
                    throw ShopWatchException.invalid(
                            key + " is " + Secrets.MASKED + " but has no stored secret to keep; send {cipher}<value>");
                }
                sealed.put(key, kept);
            } else {
                String clear = ((String) value).substring(Secrets.CIPHER.length());
                if (clear.isEmpty()) {
                    throw ShopWatchException.invalid(key + ": an empty secret");
                }
                sealed.put(key, cipher.seal(clear));
            }
        });
        return sealed;
    }
}

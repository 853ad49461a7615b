package io.shopwatch.config.secret;

import io.shopwatch.config.release.DraftSealer;
import io.shopwatch.config.release.Secrets;
import io.shopwatch.config.server.SecretReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** {@code {cipher}} secrets: sealed with AES-256-GCM when written, opened only for services on the config protocol. */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    /** The development key of application.yml: refused outside dev mode. */
    public static final String DEV_KEY = "c2hvcHdhdGNoLWRldi1jb25maWcta2V5LTAxMjM0NTY=";

    @Bean
    static EncryptionKeyCheck encryptionKeyCheck(Environment environment) {
        return new EncryptionKeyCheck(environment);
    }

    @Bean
    SecretCipher secretCipher(@Value("${shopwatch.config.encryption.key}") String key) {
        return new SecretCipher(key);
    }

    @Bean
    DraftSealer cipherDraftSealer(SecretCipher cipher) {
        return new CipherDraftSealer(cipher);
    }

    /** Clear to services, masked to anyone else; a value that does not open is withheld, never sent sealed. */
    @Bean
    SecretReader cipherSecretReader(SecretCipher cipher) {
        return (stored, inClear) -> {
            if (!Secrets.isSecret(stored)) {
                return stored;
            }
            if (!inClear) {
                return Secrets.MASKED;
            }
            try {
                return cipher.open((String) stored);
            } catch (IllegalArgumentException e) {
                log.warn("a stored secret does not open with CONFIG_ENCRYPTION_KEY: {}", e.getMessage());
                return Secrets.MASKED;
            }
        };
    }
}

package dev.gateway.auth.accounts;

import dev.gateway.common.config.Settings.Argon2Settings;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashing in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}).
 * Hashes made with other parameters still verify, and report that they need a rehash.
 */
public final class PasswordHasher {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    /**
     * Hashes computed at once: one per core. More only share the cores, while each holds its memory cost
     * (19 MiB by default), so a burst of logins would fill the heap and slow every hash with garbage collection.
     */
    private static final Semaphore HASHING = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private final Argon2Settings settings;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(Argon2Settings settings) {
        this.settings = settings;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, settings, HASH_BYTES);
        return "$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations() + ",p=" + settings.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code encoded}; false for a wrong password or a malformed hash. */
    public boolean verify(String encoded, String password) {
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            return false;
        }
        Argon2Settings stored = new Argon2Settings(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        byte[] salt = B64_DECODE.decode(m.group(4));
        byte[] expected = B64_DECODE.decode(m.group(5));
        return MessageDigest.isEqual(expected, derive(password, salt, stored, expected.length));
    }

    /** True when {@code encoded} was made with other parameters than the configured ones. */
    public boolean needsRehash(String encoded) {
        return !encoded.startsWith("$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations()
                + ",p=" + settings.parallelism() + "$");
    }

    public static boolean isEncodedHash(String value) {
        return PHC.matcher(value).matches();
    }

    private static byte[] derive(String password, byte[] salt, Argon2Settings params, int length) {
        HASHING.acquireUninterruptibly();
        try {
            return deriveNow(password, salt, params, length);
        } finally {
            HASHING.release();
        }
    }

    private static byte[] deriveNow(String password, byte[] salt, Argon2Settings params, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKib())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}

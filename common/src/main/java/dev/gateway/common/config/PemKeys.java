package dev.gateway.common.config;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSA and EC keys from PEM text: private keys as PKCS#8 ({@code BEGIN PRIVATE KEY}), public keys as
 * X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), which is what {@code openssl} writes by default.
 * Errors name the configuration key the text came from.
 */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC");

    private PemKeys() {
    }

    static PrivateKey privateKey(String key, String pem) {
        List<byte[]> blocks = blocks(key, pem, "PRIVATE KEY");
        if (blocks.size() != 1) {
            throw new ConfigException(key + " must hold exactly one PKCS#8 'PRIVATE KEY' block "
                    + "(convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(blocks.getFirst()));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(key + " is not an RSA or EC private key");
    }

    static List<PublicKey> publicKeys(String key, String pem) {
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] block : blocks(key, pem, "PUBLIC KEY")) {
            keys.add(publicKey(key, block));
        }
        if (keys.isEmpty()) {
            throw new ConfigException(key + " must hold at least one 'PUBLIC KEY' block");
        }
        return keys;
    }

    private static PublicKey publicKey(String key, byte[] der) {
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(key + " holds a public key that is neither RSA nor EC");
    }

    /** The DER bytes of every block of {@code type}; literal "\n" sequences count as newlines (env files). */
    private static List<byte[]> blocks(String key, String pem, String type) {
        Matcher matcher = BLOCK.matcher(pem.replace("\\n", "\n"));
        List<byte[]> blocks = new ArrayList<>();
        while (matcher.find()) {
            if (!matcher.group(1).equals(type)) {
                throw new ConfigException(key + " must hold '" + type + "' blocks, found '" + matcher.group(1) + "'");
            }
            try {
                blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + " holds a PEM block that is not valid base64");
            }
        }
        return blocks;
    }
}

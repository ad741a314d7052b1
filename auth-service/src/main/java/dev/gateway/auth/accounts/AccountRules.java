package dev.gateway.auth.accounts;

import dev.gateway.common.http.ApiException;

import java.util.regex.Pattern;

/** The field rules of API.md for registration; each violation is a 422 naming the field. */
public final class AccountRules {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final int MAX_PASSWORD = 128;
    private static final int MAX_EMAIL = 254;

    private final int minPasswordLength;

    public AccountRules(int minPasswordLength) {
        this.minPasswordLength = minPasswordLength;
    }

    public void checkRegistration(String username, String email, String password) {
        checkUsername(username);
        if (email == null || email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw ApiException.validation("email", "must be a valid email address");
        }
        checkPassword(password);
    }

    public static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiException.validation("username", "must be 3-32 characters of letters, digits, '_', '.' or '-'");
        }
    }

    private void checkPassword(String password) {
        if (password == null || password.length() < minPasswordLength || password.length() > MAX_PASSWORD) {
            throw ApiException.validation("password",
                    "must be " + minPasswordLength + "-" + MAX_PASSWORD + " characters long");
        }
    }
}

package dev.gateway.common.contract;

import java.util.List;

/**
 * One public route of API.md: a method ({@code ANY} for all), a path template whose segments are
 * literals, {@code {name}} parameters or a trailing {@code **} for any rest, the owning service, and
 * whether the edge lets it through without a bearer token ({@code open}).
 */
public record ApiRoute(String method, String template, Owner owner, List<String> segments, boolean open) {

    /** A route that needs a valid bearer token with a live session. */
    public static ApiRoute of(String method, String template, Owner owner) {
        return new ApiRoute(method, template, owner, split(template), false);
    }

    /** A route anyone may call, such as login, health or the docs. */
    public static ApiRoute open(String method, String template, Owner owner) {
        return new ApiRoute(method, template, owner, split(template), true);
    }

    /** True when {@code pathSegments} fits this template, whatever the method. */
    public boolean matchesPath(List<String> pathSegments) {
        int count = segments.size();
        boolean rest = count > 0 && segments.get(count - 1).equals("**");
        if (rest ? pathSegments.size() < count - 1 : pathSegments.size() != count) {
            return false;
        }
        for (int i = 0; i < (rest ? count - 1 : count); i++) {
            String segment = segments.get(i);
            if (!isParameter(segment) && !segment.equals(pathSegments.get(i))) {
                return false;
            }
        }
        return true;
    }

    public boolean allows(String requestMethod) {
        return method.equals("ANY") || method.equalsIgnoreCase(requestMethod);
    }

    /** Literal segments count more than parameters, so {@code /sessions/create} wins over {@code /sessions/{id}}. */
    int specificity() {
        int literals = 0;
        for (String segment : segments) {
            if (!isParameter(segment) && !segment.equals("**")) {
                literals++;
            }
        }
        return literals;
    }

    static List<String> split(String path) {
        // every request's path is split: no regular expression here
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return List.of(path.substring(start, end).split("/", -1));
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}

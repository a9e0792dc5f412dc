package io.github.apigwcorrelation.propagation.internal;

/** Checks a configured HTTP header name once, when an interceptor is built. */
public final class HeaderNames {
    private HeaderNames() {}

    /**
     * @param name a header name
     * @return the name, when it is an RFC 9110 token of at most 128 characters
     * @throws IllegalArgumentException naming the problem otherwise
     */
    public static String check(String name) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            throw new IllegalArgumentException("header name must be 1 to 128 characters, was "
                    + (name == null ? "null" : name.length() + " characters"));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("header name must be an HTTP token (letters, digits and "
                        + "!#$%&'*+-.^_`|~), found U+" + String.format("%04X", (int) c) + " at index " + i);
            }
        }
        return name;
    }
}

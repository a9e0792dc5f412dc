package io.github.apigwcorrelation.localapi;

/** The template asks for something the local API cannot do; the message names the resource. */
final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateException(String message) {
        super(message);
    }
}

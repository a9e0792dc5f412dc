package io.github.apigwcorrelation.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import io.github.apigwcorrelation.spi.PrintableText;

/**
 * {@code %printable(pattern)}: the output of {@code pattern} with every character a terminal or {@code grep} could
 * misread escaped ({@link PrintableText}, the same rules as the Log4j2 adapter's {@code %printable{...}}), so a
 * message can neither break its line nor fake one.
 *
 * <pre>{@code
 * <conversionRule conversionWord="printable" class="io.github.apigwcorrelation.logback.PrintableConverter"/>
 * <pattern>%d %X{AWSRequestId} APIG: %X{ApiGatewayRequestId} - %printable(%msg)%oneLineEx%n</pattern>
 * }</pre>
 *
 * <p><b>Garbage footprint:</b> Logback's composite converters build the inner text as a new string; a text
 * without such characters is returned as it is, otherwise one more string is made.
 *
 * @since 0.2.0
 */
public final class PrintableConverter extends CompositeConverter<ILoggingEvent> {

    /** Called by Logback for {@code %printable(...)}. */
    public PrintableConverter() {}

    @Override
    protected String transform(ILoggingEvent event, String in) {
        if (!PrintableText.needsEscape(in)) {
            return in;
        }
        StringBuilder text = new StringBuilder(in.length() + 16).append(in);
        PrintableText.escape(text, 0);
        return text.toString();
    }
}

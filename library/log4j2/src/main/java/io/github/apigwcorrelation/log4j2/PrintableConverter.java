package io.github.apigwcorrelation.log4j2;

import io.github.apigwcorrelation.spi.PrintableText;
import java.util.List;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.core.pattern.PatternParser;
import org.apache.logging.log4j.util.PerformanceSensitive;

/**
 * {@code %printable{pattern}}: the output of {@code pattern} with every character a terminal or {@code grep} could
 * misread escaped, by the rules of {@link PrintableText} (the same on every adapter), so no message, logger name
 * or context value can break its line or fake one.
 *
 * <pre>{@code
 * <PatternLayout pattern="%d %printable{%X{AWSRequestId} APIG: %X{ApiGatewayRequestId} - %c{1} - %m}%n"/>
 * }</pre>
 *
 * <p><b>Garbage footprint:</b> none. The inner pattern writes into the layout's buffer, which is then escaped in
 * place; a line without such characters is only read once more.
 *
 * @since 0.2.0
 */
@Plugin(name = "printable", category = PatternConverter.CATEGORY)
@ConverterKeys({"printable"})
@PerformanceSensitive("allocation")
public final class PrintableConverter extends LogEventPatternConverter {
    private final PatternFormatter[] formatters;

    private PrintableConverter(List<PatternFormatter> formatters) {
        super("printable", "printable");
        this.formatters = formatters.toArray(new PatternFormatter[0]);
    }

    /**
     * Called by Log4j2 for {@code %printable{pattern}}.
     *
     * @param config the configuration
     * @param options the inner pattern, exactly one
     * @return the converter, or null (Log4j2 then reports the pattern as invalid) without exactly one option
     */
    public static PrintableConverter newInstance(Configuration config, String[] options) {
        if (options == null || options.length != 1 || options[0] == null || options[0].isEmpty()) {
            LOGGER.error("%printable needs exactly one pattern to escape, for example %printable{%m}");
            return null;
        }
        PatternParser parser = PatternLayout.createPatternParser(config);
        return new PrintableConverter(parser.parse(options[0]));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        int start = toAppendTo.length();
        for (PatternFormatter formatter : formatters) {
            formatter.format(event, toAppendTo);
        }
        PrintableText.escape(toAppendTo, start);
    }

    @Override
    public boolean handlesThrowable() {
        for (PatternFormatter formatter : formatters) {
            if (formatter.handlesThrowable()) {
                return true;
            }
        }
        return false;
    }
}

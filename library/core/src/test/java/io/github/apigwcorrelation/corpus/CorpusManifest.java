package io.github.apigwcorrelation.corpus;

import io.github.apigwcorrelation.RequestIds.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The corpus manifest, {@code src/test/resources/corpus/samples.tsv} and {@code excluded.tsv}: which real
 * event samples the pinned packages hold, and what the library must log for each. Tab-separated, one row a
 * line, {@code #} starts a comment line, the first other line names the columns.
 */
final class CorpusManifest {
    /** Written in the manifest for "no ID": every entry point must then log the placeholder. */
    static final String NONE = "-";

    private CorpusManifest() {}

    /**
     * One real event sample and our expected result for it.
     *
     * @param pkg the package it ships in
     * @param path where in the package
     * @param eventType what kind of event it is
     * @param typedClass the simple name of the {@code aws-lambda-java-events} class it deserializes into, or
     *     null when none fits (then it is only read as a {@code Map}, a string and a stream)
     * @param expected what every entry point must log
     * @param sha256 the hash of the sample's bytes when its expectation was written
     * @param note why, where not obvious
     */
    record Sample(CorpusPackage pkg, String path, String eventType, String typedClass, Expected expected,
            String sha256, String note) {
        /** @return the sample's bytes, after checking they are the ones the expectation was written for */
        byte[] read() {
            byte[] bytes = pkg.read(path);
            String actual = CorpusManifest.sha256(bytes);
            if (!actual.equals(sha256)) {
                throw new AssertionError(this + " changed: sha256 " + actual + ", the manifest has " + sha256
                        + ". Review its expected IDs, then update its row in corpus/samples.tsv.");
            }
            return bytes;
        }

        /** Names the sample in test names: short package name, file, event type. */
        @Override
        public String toString() {
            return pkg.shortName() + ":" + path.substring(path.lastIndexOf('/') + 1) + " [" + eventType + "]";
        }
    }

    /**
     * The IDs an entry point must log for a sample.
     *
     * @param apiGatewayRequestId the API Gateway request ID, or the placeholder
     * @param extendedRequestId the extended request ID, or null
     * @param source where it comes from
     */
    record Expected(String apiGatewayRequestId, String extendedRequestId, Source source) {}

    /**
     * A file of a sample folder that is not a sample.
     *
     * @param pkg the package
     * @param path where in the package
     * @param reason why it is not a sample
     */
    record Exclusion(CorpusPackage pkg, String path, String reason) {}

    /** @return every sample of {@code corpus/samples.tsv}, in its order */
    static List<Sample> samples(String placeholder) {
        List<Sample> samples = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String[] row : rows("samples.tsv", 9)) {
            String id = row[4].equals(NONE) ? placeholder : row[4];
            String extended = row[5].equals(NONE) ? null : row[5];
            Source source = Source.valueOf(row[6]);
            if (row[4].equals(NONE) != (source == Source.NONE)) {
                throw new IllegalStateException("samples.tsv: " + row[1] + " has api_gateway_id " + row[4]
                        + " with source " + source + ": an ID needs a source, and NONE has no ID");
            }
            Sample sample = new Sample(CorpusPackage.parse(row[0]), row[1], row[2],
                    row[3].equals(NONE) ? null : row[3], new Expected(id, extended, source), row[7], row[8]);
            if (!names.add(sample.toString())) {
                throw new IllegalStateException("samples.tsv: two samples are named " + sample);
            }
            samples.add(sample);
        }
        return samples;
    }

    /** @return every row of {@code corpus/excluded.tsv} */
    static List<Exclusion> exclusions() {
        List<Exclusion> exclusions = new ArrayList<>();
        for (String[] row : rows("excluded.tsv", 3)) {
            exclusions.add(new Exclusion(CorpusPackage.parse(row[0]), row[1], row[2]));
        }
        return exclusions;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String[]> rows(String file, int columns) {
        String text;
        try (InputStream in = CorpusManifest.class.getResourceAsStream("/corpus/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /corpus/" + file);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String[]> rows = new ArrayList<>();
        boolean header = true;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // -1 keeps a trailing empty note.
            String[] row = line.split("\t", -1);
            if (row.length != columns) {
                throw new IllegalStateException(file + " line " + lineNumber + " has " + row.length
                        + " tab-separated columns, not " + columns + ": " + line);
            }
            if (header) {
                header = false;
            } else {
                rows.add(row);
            }
        }
        return rows;
    }
}

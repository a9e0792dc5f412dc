/**
 * Private: Log4j2 layout plugins, found by Log4j2 through their {@code @Plugin} annotations, never called by user
 * code: {@code %printable{...}} keeps every Text line one physical line that no message can fake.
 */
package io.github.apigwcorrelation.internal.layout;

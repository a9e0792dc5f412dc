// The README's Gradle coordinates, checked against the modules' POMs by CoordinatesTest.
dependencies {
    // tag::log4j2[]
    implementation("io.github.apigwcorrelation:apigw-correlation-log4j2:0.2.0")
    // end::log4j2[]
    // tag::propagation[]
    implementation("io.github.apigwcorrelation:apigw-correlation-propagation:0.2.0")
    // end::propagation[]
    // tag::logback[]
    implementation("io.github.apigwcorrelation:apigw-correlation-logback:0.2.0")
    // end::logback[]
}

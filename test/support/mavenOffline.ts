/**
 * Maven runs offline in the tests: the machines that run them have no network, only the artifacts already in the
 * local repository (~/.m2; `npm run setup` checks the ones the practice projects pin). `mvn` takes its options
 * from `.mvn/maven.config` in `MAVEN_BASEDIR`, so every Maven run the tests start, directly or through the CLI,
 * gets `--offline` without a change to the projects. A `MAVEN_BASEDIR` already set is left alone.
 */
import path from "node:path";

process.env.MAVEN_BASEDIR ??= path.join(__dirname, "..", "fixtures", "maven-offline");

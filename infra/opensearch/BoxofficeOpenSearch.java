/*
 * Starts a single OpenSearch node from Maven Central jars, without a distribution.
 *
 * OpenSearch's modules (HTTP transport, analysis-common, painless) are published as plain jars, not as
 * installable plugin zips, so this launcher hands their plugin classes to the node as "classpath
 * plugins" through Node's protected constructor (Environment, Collection<Class<? extends Plugin>>,
 * boolean). infra/lib/opensearch.mjs resolves the jars (infra/opensearch/pom.xml), compiles this file
 * and runs:
 *
 *   java -Xms1g -Xmx1g -cp <classes>:<lib>/* dev.boxoffice.infra.BoxofficeOpenSearch <path.home>
 *
 * Settings come from <path.home>/config/opensearch.yml and logging from
 * <path.home>/config/log4j2.properties (both written by opensearch.mjs). The node runs until the JVM
 * gets SIGTERM/SIGINT, then closes cleanly (flushes and releases the data folder lock).
 */
package dev.boxoffice.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

public final class BoxofficeOpenSearch {

    /** Node's constructor that accepts classpath plugins is protected: a subclass exposes it. */
    static final class ClasspathPluginsNode extends Node {
        ClasspathPluginsNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,          // transport-netty4-client: HTTP on http.port, transport on transport.port
        CommonAnalysisPlugin.class,  // analysis-common: ngram, edge_ngram, lowercase normalizer, ...
        PainlessPlugin.class         // lang-painless (+ opensearch-scripting-painless-spi)
    );

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BoxofficeOpenSearch <path.home>   (reads <path.home>/config/opensearch.yml)");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        Path config = home.resolve("config");
        Settings input = Settings.builder().put("path.home", home.toString()).build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(input, Map.of(), config, () -> "boxoffice");

        String nodeName = Node.NODE_NAME_SETTING.get(environment.settings());
        LogConfigurator.setNodeName(nodeName);
        if (Files.exists(config.resolve("log4j2.properties"))) {
            LogConfigurator.configure(environment);
        } else {
            LogConfigurator.configureWithoutConfig(environment.settings());
        }

        Node node = new ClasspathPluginsNode(environment, PLUGINS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "boxoffice-opensearch-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        // OpenSearch's own threads are daemons: keep the JVM alive until a signal closes the node.
        stopped.await();
    }

    private BoxofficeOpenSearch() {}
}

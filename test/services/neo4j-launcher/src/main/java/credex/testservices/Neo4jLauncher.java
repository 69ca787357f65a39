package credex.testservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts N real Neo4j Community servers in this JVM, each with Bolt on 127.0.0.1 (a free port chosen by the OS),
 * authentication on, and data in a temporary folder. Passwords come from the environment (NEO4J_LAUNCHER_PASSWORD_i,
 * so they never show in a process listing). Prints one "READY" line with the Bolt ports, then runs until killed.
 */
public final class Neo4jLauncher {
  private static volatile int exitStatus = 0;

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      exitStatus = 1;
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Path root = Files.createTempDirectory("credex-neo4j-");
    List<Neo4j> servers = new CopyOnWriteArrayList<>();
    // Bolt's graceful shutdown can take 15 s or more; the data is throwaway, so give closing a short while, then
    // delete the folder and halt.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      List<Thread> closers = servers.stream().map(s -> new Thread(() -> closeQuietly(s))).toList();
      closers.forEach(Thread::start);
      long deadline = System.currentTimeMillis() + 2_000;
      for (Thread closer : closers) {
        try {
          closer.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      deleteTree(root);
      Runtime.getRuntime().halt(exitStatus);
    }));
    System.out.println("DATA " + root);

    // 64 MiB is plenty for the tests' graphs; a benchmark on a large graph sizes it like a production server would.
    String pageCacheMb = System.getenv().getOrDefault("NEO4J_LAUNCHER_PAGECACHE_MB", "64");
    List<String> ports = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String password = System.getenv("NEO4J_LAUNCHER_PASSWORD_" + i);
      if (password == null || password.length() < 8) {
        throw new IllegalArgumentException("NEO4J_LAUNCHER_PASSWORD_" + i + " must be set (8+ characters)");
      }
      Neo4j server = Neo4jBuilders.newInProcessBuilder(root.resolve("server-" + i))
          .withDisabledServer()
          .withConfig(BoltConnector.enabled, true)
          .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
          .withConfig(GraphDatabaseSettings.auth_enabled, true)
          .withConfig(GraphDatabaseSettings.pagecache_memory, Long.parseLong(pageCacheMb) * 1024 * 1024)
          .build();
      servers.add(server);
      server.databaseManagementService()
          .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
      ports.add(String.valueOf(server.boltURI().getPort()));
    }
    System.out.println("READY bolt-ports=" + String.join(",", ports));
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static void closeQuietly(Neo4j server) {
    try {
      server.close();
    } catch (RuntimeException e) {
      System.err.println("neo4j-launcher: close failed: " + e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("neo4j-launcher: could not delete " + root + ": " + e);
    }
  }
}

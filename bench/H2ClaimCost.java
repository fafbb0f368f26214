import java.sql.*; import java.nio.file.*;
/**
 * What one content claim costs on embedded H2 (issue 20): the queue table from the migrations, N rows (half queued),
 * then 100 claims of 16 tasks each, with and without FOR UPDATE SKIP LOCKED. H2 2.3 locks every row the WHERE matches
 * before FETCH FIRST applies, so the locked form costs in proportion to the queue, not to the claim.
 * Usage: java -cp target/keel.jar bench/H2ClaimCost.java DIR N [plain]   (plain: without the lock clause)
 */
public class H2ClaimCost {
  public static void main(String[] a) throws Exception {
    String url = "jdbc:h2:file:" + a[0] + ";WRITE_DELAY=0";
    int n = Integer.parseInt(a[1]);
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      Statement st = c.createStatement();
      for (String f : new String[]{"V6__content_queue.sql","V7__content_route_rule.sql","V10__content_claims.sql"})
        for (String sql : Files.readString(Path.of("src/main/resources/db/migration/" + f)).replaceAll("(?m)--.*$","").split(";")) if (!sql.isBlank()) st.execute(sql);
      c.setAutoCommit(false);
      PreparedStatement ins = c.prepareStatement("INSERT INTO keel_content_task (batch_id, task_id, state, priority, input_sha256, spec, attempts, queued_at) VALUES ('b', ?, ?, ?, '0000000000000000000000000000000000000000000000000000000000000000', ?, 0, CURRENT_TIMESTAMP)");
      for (int i = 0; i < n; i++) { ins.setString(1, "t" + i); ins.setString(2, i < n/2 ? "done" : "queued"); ins.setInt(3, i % 4); ins.setString(4, "{\"task\":{\"id\":\"t" + i + "\",\"batch\":\"bench\",\"title\":\"x\",\"output\":\"t.md\"},\"prompt\":\"Write a short article about topic number " + i + " for ops teams.\",\"promptRef\":\"inline\",\"promptSha256\":\"" + "ab".repeat(32) + "\",\"template\":\"none\"}"); ins.addBatch(); if (i % 500 == 499) ins.executeBatch(); }
      ins.executeBatch(); c.commit(); c.setAutoCommit(true);
      for (String q : new String[]{"EXPLAIN UPDATE keel_content_task SET state = 'queued' WHERE state = 'waiting' AND not_before <= CURRENT_TIMESTAMP",
          "EXPLAIN SELECT seq, batch_id, task_id, spec, input_sha256, attempts FROM keel_content_task WHERE state = 'queued' ORDER BY state, priority, seq FETCH FIRST 16 ROWS ONLY FOR UPDATE SKIP LOCKED"}) {
        ResultSet r = st.executeQuery(q); r.next(); System.out.println(r.getString(1));
      }
      PreparedStatement w = c.prepareStatement("UPDATE keel_content_task SET state = 'queued' WHERE state = 'waiting' AND not_before <= ?");
      for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 500; i++) { w.setTimestamp(1, new Timestamp(System.currentTimeMillis())); w.executeUpdate(); }
      System.out.printf("waiting update: %.3f ms each%n", (System.nanoTime() - t0) / 1e6 / 500);
      c.setAutoCommit(false);
      PreparedStatement s = c.prepareStatement("SELECT seq, batch_id, task_id, spec, input_sha256, attempts FROM keel_content_task WHERE state = 'queued' ORDER BY state, priority, seq FETCH FIRST 16 ROWS ONLY" + (a.length > 2 ? "" : " FOR UPDATE SKIP LOCKED"));
      PreparedStatement u = c.prepareStatement("UPDATE keel_content_task SET state = 'running', claimed_by = 'n', lease_until = CURRENT_TIMESTAMP WHERE seq = ? AND state = 'queued'");
      t0 = System.nanoTime(); int claims = 0; long sel = 0;
      for (int i = 0; i < 100; i++) { long t1 = System.nanoTime(); ResultSet r = s.executeQuery(); java.util.List<Long> seqs = new java.util.ArrayList<>(); while (r.next()) seqs.add(r.getLong(1)); sel += System.nanoTime() - t1;
        for (long q : seqs) { u.setLong(1, q); u.addBatch(); } u.executeBatch(); c.commit(); claims++; }
      System.out.printf("claim of 16: %.3f ms each (select %.3f ms)%n", (System.nanoTime() - t0) / 1e6 / claims, sel / 1e6 / claims);
      c.setAutoCommit(true);
      }
    }
  }
}

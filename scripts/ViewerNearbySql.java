import dev.tanken.postgres.internal.PostgresSql;
import dev.tanken.postgres.internal.MercatorNearby;
import dev.tanken.geo.SphericalGeometry;
/**
 * Prints the signed-in nearby statement (Mercator, first page, 21 posts, Tokyo station, 1 km) with its
 * values inlined, for EXPLAIN in psql; with an argument, without the own half's latitude band (as
 * before V12). args: [VIEWER_UUID] [before]
 * java -cp tanken-postgres/target/classes:tanken-core/target/classes scripts/ViewerNearbySql.java UUID [before]
 */
public class ViewerNearbySql {
  public static void main(String[] a) {
    double lat = 35.6812, lon = 139.7671, chord = SphericalGeometry.metersToChord(1000);
    MercatorNearby m = MercatorNearby.around(lat, lon, chord).orElseThrow();
    String sql = PostgresSql.nearbyMercator(true, false, 21, 23);
    if (a.length > 1) {
      int i = sql.indexOf(" AND p.latitude BETWEEN"), j = sql.indexOf("), mine AS");
      sql = sql.substring(0, i) + sql.substring(j);
    }
    sql = sql.replace(":viewer", "'" + a[0] + "'::uuid").replace(":lat", Double.toString(lat))
      .replace(":lon", Double.toString(lon)).replace(":chord", Double.toString(chord)).replace(":stretch", Double.toString(m.stretch()))
      .replace(":reach", Double.toString(m.reach())).replace(":slack", Double.toString(MercatorNearby.SLACK));
    System.out.println(sql + ";");
  }
}

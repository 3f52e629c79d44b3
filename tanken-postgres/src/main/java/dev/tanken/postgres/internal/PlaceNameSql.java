package dev.tanken.postgres.internal;

/** SQL of the user-chosen place names (migration V5), kept apart from the post statements. */
public final class PlaceNameSql {
    private PlaceNameSql() {
    }

    public static final String UPSERT = "INSERT INTO post_place_names (post_id, name, updated_at)"
            + " VALUES (:id, :name, :at)"
            + " ON CONFLICT (post_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at"
            + " WHERE post_place_names.name IS DISTINCT FROM excluded.name";

    public static final String DELETE = "DELETE FROM post_place_names WHERE post_id = :id";

    public static final String FIND = "SELECT post_id, name FROM post_place_names WHERE post_id = ANY(:ids)";
}

package dev.tanken.postgres.internal;


/**
 * The SQL that {@link dev.tanken.postgres.PostgresDatabaseService} runs, kept in one place so that
 * tests can EXPLAIN exactly the statements the service executes. Table names are unqualified: every
 * connection's search path is {@code <tanken schema>, public} (public holds the cube extension).
 */
public final class PostgresSql {
    private PostgresSql() {
    }

    /**
     * The columns {@link PostgresRows#post} reads; tags come back as a text array, variants as one text
     * of comma-separated entries {@code "size key mediaType sha256 width height"} (see
     * {@link PostgresRows}).
     */
    static final String POST_COLUMNS = """
            p.post_id, p.created_at, p.author_id, u.username, p.caption, p.blob_key, p.media_type, p.sha256,
            p.width, p.height, p.latitude, p.longitude, p.altitude, p.taken_local, p.taken_offset_seconds,
            p.likes, p.bookmarks, p.comments, p.location_precision, p.variants_note,
            ARRAY(SELECT t.tag FROM post_tags t WHERE t.post_id = p.post_id) AS tags,
            (SELECT string_agg(v.size || ' ' || v.blob_key || ' ' || v.media_type || ' ' || v.sha256 || ' '
                               || v.width || ' ' || v.height, ',' ORDER BY v.size)
             FROM post_variants v WHERE v.post_id = p.post_id) AS variants""";

    static final String POSTS_WITH_AUTHOR = " FROM posts p JOIN users u ON u.id = p.author_id ";

    public static final String INSERT_USER = """
            INSERT INTO users (id, username, email, bio, profile_picture_link, oauth_provider, created_at,
                               last_login, subscribed, default_location_precision)
            VALUES (:id, :username, :email, :bio, :profilePictureLink, :oauthProvider, :createdAt, :lastLogin,
                    :subscribed, :defaultLocationPrecision)""";

    static final String USER_COLUMNS =
            "SELECT id, username, email, bio, profile_picture_link, oauth_provider, created_at, last_login, subscribed,"
            + " default_location_precision FROM users ";

    public static final String FIND_USER = USER_COLUMNS + "WHERE id = :id";
    public static final String FIND_USER_BY_NAME = USER_COLUMNS + "WHERE username = :username";
    public static final String USERS_FIRST = USER_COLUMNS + "ORDER BY id LIMIT :limit";
    public static final String USERS_NEXT = USER_COLUMNS + "WHERE id > :after ORDER BY id LIMIT :limit";
    /** Updates nothing when the user has this precision already (or does not exist). */
    public static final String SET_DEFAULT_PRECISION = "UPDATE users SET default_location_precision = :precision"
            + " WHERE id = :id AND default_location_precision IS DISTINCT FROM :precision";

    /**
     * Inserts a post unless this author already posted the same picture; a concurrent insert of the
     * same picture waits for the other transaction and then inserts nothing.
     */
    public static final String INSERT_POST = """
            INSERT INTO posts (post_id, author_id, created_at, caption, blob_key, media_type, sha256, width, height,
                               latitude, longitude, altitude, taken_local, taken_offset_seconds,
                               location_precision, variants_note, shown_latitude, shown_longitude)
            VALUES (:id, :authorId, :createdAt, :caption, :blobKey, :mediaType, :sha256, :width, :height,
                    :latitude, :longitude, :altitude, :takenLocal, :takenOffsetSeconds,
                    :locationPrecision, :variantsNote, :shownLatitude, :shownLongitude)
            ON CONFLICT (author_id, sha256) DO NOTHING""";

    /** Variants of many posts: parallel arrays, element i of each belongs to the same variant. */
    public static final String INSERT_VARIANTS = """
            INSERT INTO post_variants (post_id, size, blob_key, media_type, sha256, width, height)
            SELECT * FROM unnest(:postIds, :sizes, :blobKeys, :mediaTypes, :sha256s, :widths, :heights)""";

    public static final String INSERT_TAGS = "INSERT INTO post_tags (post_id, tag) SELECT :id, unnest(:tags)";
    /** Tags of many posts: two parallel arrays, element i of one belongs to element i of the other. */
    public static final String INSERT_TAG_PAIRS =
            "INSERT INTO post_tags (post_id, tag) SELECT * FROM unnest(:postIds, :tags)";
    public static final String EXISTING_USERS = "SELECT id FROM users WHERE id = ANY(:ids)";
    public static final String DELETE_TAGS = "DELETE FROM post_tags WHERE post_id = :id";
    /** Serialises concurrent tag replacements of one post without blocking likes (FK share locks). */
    public static final String LOCK_POST = "SELECT 1 FROM posts WHERE post_id = :id FOR NO KEY UPDATE";

    /** A post's exact position and precision, locked against concurrent precision changes. */
    public static final String LOCK_POST_POSITION = "SELECT latitude, longitude, location_precision FROM posts"
            + " WHERE post_id = :id FOR NO KEY UPDATE";
    /** The generated geo column (and so the spatial index) follows the precision and shown position. */
    public static final String SET_POST_PRECISION = "UPDATE posts SET location_precision = :precision,"
            + " shown_latitude = :shownLatitude, shown_longitude = :shownLongitude WHERE post_id = :id";

    /** Updates nothing when the post has this caption already (or does not exist). */
    public static final String SET_CAPTION = "UPDATE posts SET caption = :caption WHERE post_id = :id"
            + " AND caption IS DISTINCT FROM :caption";

    /** Updates nothing when the user has this name already (or does not exist). */
    public static final String RENAME_USER = "UPDATE users SET username = :username WHERE id = :id"
            + " AND username <> :username";
    public static final String LOCK_USER = USER_COLUMNS + "WHERE id = :id FOR UPDATE";
    public static final String POSTS_OF_AUTHOR = "SELECT " + POST_COLUMNS + POSTS_WITH_AUTHOR
            + "WHERE p.author_id = :id ORDER BY p.post_id";
    /** Other users' posts the user liked, bookmarked or commented on. */
    public static final String POSTS_REACTED_TO_BY = "SELECT post_id FROM posts WHERE author_id <> :id AND ("
            + " post_id IN (SELECT post_id FROM likes WHERE user_id = :id)"
            + " OR post_id IN (SELECT post_id FROM bookmarks WHERE user_id = :id)"
            + " OR post_id IN (SELECT post_id FROM comments WHERE author_id = :id))";
    public static final String DELETE_POSTS_OF_AUTHOR = "DELETE FROM posts WHERE author_id = :id";
    public static final String DELETE_USER = "DELETE FROM users WHERE id = :id";

    /**
     * Takes the user's rows of {@code table} off the counters of other users' posts and returns how
     * many there were; the user's own posts are deleted with everything on them.
     */
    public static String uncount(String table, String who) {
        return "WITH mine AS (SELECT x.post_id, count(*) AS n FROM " + table + " x JOIN posts p ON p.post_id = x.post_id"
                + " WHERE x." + who + " = :id AND p.author_id <> :id GROUP BY x.post_id),"
                + " upd AS (UPDATE posts p SET " + table + " = p." + table + " - mine.n FROM mine"
                + " WHERE p.post_id = mine.post_id RETURNING mine.n)"
                + " SELECT coalesce(sum(n), 0)::bigint FROM upd";
    }

    public static final String FIND_POST = "SELECT " + POST_COLUMNS + POSTS_WITH_AUTHOR + "WHERE p.post_id = :id";

    /** Many posts in one statement, in the order of the (already de-duplicated) id array. */
    public static final String FIND_POSTS = "SELECT " + POST_COLUMNS
            + " FROM unnest(:ids) WITH ORDINALITY AS wanted (id, ord)"
            + " JOIN posts p ON p.post_id = wanted.id JOIN users u ON u.id = p.author_id"
            + " ORDER BY wanted.ord";

    public static final String FIND_POST_BY_PICTURE =
            "SELECT post_id FROM posts WHERE author_id = :authorId AND sha256 = :sha256";

    public static final String BLOB_REFERENCED = "SELECT EXISTS (SELECT 1 FROM posts WHERE blob_key = :blobKey)"
            + " OR EXISTS (SELECT 1 FROM post_variants WHERE blob_key = :blobKey)"
            + " OR EXISTS (SELECT 1 FROM activity_archives WHERE blob_key = :blobKey)";

    /** Which of the keys some post, variant or activity archive refers to; each lookup uses a blob_key index. */
    public static final String REFERENCED_BLOB_KEYS = "SELECT blob_key FROM posts WHERE blob_key = ANY(:keys)"
            + " UNION SELECT blob_key FROM post_variants WHERE blob_key = ANY(:keys)"
            + " UNION SELECT blob_key FROM activity_archives WHERE blob_key = ANY(:keys)";

    /** A range of the primary key's index; uuid order is byte order, which is the text form's order. */
    public static final String POST_IDS_BETWEEN =
            "SELECT post_id FROM posts WHERE post_id BETWEEN :lowest AND :highest ORDER BY post_id LIMIT :limit";

    public static final String COUNT_POSTS = "SELECT count(*) FROM posts";

    /** Newest first; UUIDv7 ids sort by creation time, and PostgreSQL compares uuids as unsigned bytes. */
    public static final String POSTS_BY_USER_FIRST = "SELECT " + POST_COLUMNS + POSTS_WITH_AUTHOR
            + "WHERE p.author_id = :authorId ORDER BY p.post_id DESC LIMIT :limit";
    public static final String POSTS_BY_USER_NEXT = "SELECT " + POST_COLUMNS + POSTS_WITH_AUTHOR
            + "WHERE p.author_id = :authorId AND p.post_id < :after ORDER BY p.post_id DESC LIMIT :limit";

    /**
     * The search centre as a unit vector, built with the very expression of the generated
     * {@code posts.geo} column so that a post at the centre is at distance exactly 0.
     */
    static final String CENTER = "cube(ARRAY[cos(radians(:lat)) * cos(radians(:lon)),"
            + " cos(radians(:lat)) * sin(radians(:lon)), sin(radians(:lat))])";

    /** Resumes after the cursor's (chord, post id); a constant, so it may be used above its declaration. */
    private static final String GEO_AFTER_CURSOR = " AND (p.geo <-> " + CENTER + " > :afterChord"
            + " OR (p.geo <-> " + CENTER + " = :afterChord AND p.post_id > :afterId))";

    /** Other users' posts only: the half of a signed-in viewer's search that the spatial indexes serve. */
    private static final String OTHER_AUTHORS = " AND p.author_id <> :viewer";
    /** Resumes the viewer's own posts after the cursor's (chord, post id). */
    private static final String OWN_AFTER_CURSOR =
            " AND (own.chord > :afterChord OR (own.chord = :afterChord AND own.post_id > :afterId))";

    /** Ends the CTEs of a page with the page itself: (post id, chord), in page order. */
    private static final String PAGE_ONLY = " SELECT post_id, chord FROM page ORDER BY chord, post_id";

    /**
     * The columns of posts that {@link #POST_COLUMNS} reads, but for the post id: a page that carries
     * them needs no second look-up of its posts by primary key.
     */
    private static String carriedColumns(String prefix) {
        return String.join(", ", java.util.stream.Stream.of("created_at", "author_id", "caption", "blob_key",
                "media_type", "sha256", "width", "height", "latitude", "longitude", "altitude", "taken_local",
                "taken_offset_seconds", "likes", "bookmarks", "comments", "location_precision", "variants_note")
                .map(c -> prefix + c).toList());
    }

    /**
     * Ends the CTEs of a page that carries its posts' columns ({@link #carriedColumns}) with the rows of
     * the CTE {@code page}, in page order, with their chords, authors, tags and variants.
     *
     * <p>The author's name is a sub-select (one probe of {@code users_pkey} per row; the foreign key
     * guarantees the row) rather than a join: a prepared statement keeps one generic plan, and with a
     * small or never-analysed users table that plan hashes the whole table for every page.
     */
    private static String carriedPostsOf(String page) {
        return " SELECT " + POST_COLUMNS.replace("u.username",
                        "(SELECT u.username FROM users u WHERE u.id = p.author_id) AS username") + ", p.chord"
                + " FROM " + page + " p"
                + " ORDER BY p.chord, p.post_id";
    }

    /**
     * Ends the CTEs of a page with its posts: the CTE {@code page}'s rows, in page order, with their
     * chords. The author's name is a look-up by primary key, as in {@link #carriedPostsOf}: a join
     * lets a generic plan hash the whole users table when its statistics are missing or small.
     */
    private static String postsOf(String page) {
        return " SELECT " + POST_COLUMNS.replace("u.username",
                        "(SELECT u.username FROM users u WHERE u.id = p.author_id) AS username") + ", " + page + ".chord"
                + " FROM " + page + " JOIN posts p ON p.post_id = " + page + ".post_id"
                + " ORDER BY " + page + ".chord, " + page + ".post_id";
    }

    /**
     * Posts within {@code :chord} of the centre, ordered by distance and then post id.
     *
     * <p>{@code knn} is a GiST nearest-neighbour scan: it reads about {@code :limit} rows however many
     * posts lie in range. The bounding box ({@code <@}, half side {@code :box}) is what stops that
     * scan when fewer than {@code :limit} posts are in range; without it the scan would walk the
     * whole index. The exact radius test trims the box's corners after the scan: corner posts are
     * farther than every post in range, so they can only fill the end of {@code knn}. Keeping the
     * test out of the scan also keeps the planner's row estimate for the scan high enough that it
     * picks the nearest-neighbour plan for later pages too.
     *
     * <p>PostgreSQL 15 can only use the index for an ORDER BY made of distance operators alone, so
     * the post-id tie-break is applied afterwards. That is exact: {@code knn} holds every post nearer
     * than its farthest row, and the second branch adds every post at exactly that distance, among
     * which the ids decide — only when that distance is shared, since {@code knn} reads one row past
     * the page and a unique farthest distance cannot tie with anything the page holds. The cursor condition resumes after the last row's (chord, id).
     */
    public static final String NEARBY_FIRST = nearby("", "");
    public static final String NEARBY_NEXT = nearby(GEO_AFTER_CURSOR, "");
    /** {@link #NEARBY_FIRST} up to its page of (post id, chord); see {@link #nearbyMercatorPage}. */
    public static final String NEARBY_PAGE_FIRST = cubePage("", "") + PAGE_ONLY;

    /**
     * Nearby for a signed-in viewer: other users' posts by their shown position ({@code geo}, the
     * statement above restricted to other authors) merged with the viewer's own posts by their exact
     * position. Both halves return their first {@code :limit} rows in (chord, post id) order after the
     * cursor, so the first {@code :limit} rows of the merge are the page.
     *
     * <p>The viewer's own posts are read through the (author, latitude) index, only the band of
     * latitudes the circle reaches, and measured with the expression of the generated {@code geo}
     * column applied to the exact position.
     */
    public static final String NEARBY_VIEWER_FIRST = viewerNearby(cubePage("", OTHER_AUTHORS), "", false);
    public static final String NEARBY_VIEWER_NEXT = viewerNearby(cubePage(GEO_AFTER_CURSOR, OTHER_AUTHORS),
            OWN_AFTER_CURSOR, false);

    /**
     * The centre's image on the Mercator projection, built with the very expression of the generated
     * {@code posts.mercator} column. A sub-select, so that the plan computes it once (an InitPlan) and
     * a generic plan is costed as cheaply as a custom one (see {@link #nearbyMercator}).
     */
    static final String MERCATOR_CENTER = "(SELECT point(radians(:lon), asinh(tan(radians(:lat)))))";
    /** {@link #CENTER}, computed once per statement for the same reason as {@link #MERCATOR_CENTER}. */
    static final String CENTER_ONCE = "(SELECT " + CENTER + ")";

    private static final String MERCATOR_FIRST = mercatorNearby("", "");
    private static final String MERCATOR_NEXT = mercatorNearby(GEO_AFTER_CURSOR, "");
    private static final String MERCATOR_VIEWER_FIRST = viewerNearby(mercatorPage("", OTHER_AUTHORS, true), "", true);
    private static final String MERCATOR_VIEWER_NEXT = viewerNearby(
            mercatorPage(GEO_AFTER_CURSOR, OTHER_AUTHORS, true), OWN_AFTER_CURSOR, true);
    private static final String MERCATOR_PAGE_FIRST = mercatorPage("", "", false) + PAGE_ONLY;

    private static final String CUBE_FIRST = centreOnce(NEARBY_FIRST);
    private static final String CUBE_NEXT = centreOnce(NEARBY_NEXT);
    private static final String CUBE_VIEWER_FIRST = centreOnce(NEARBY_VIEWER_FIRST);
    private static final String CUBE_VIEWER_NEXT = centreOnce(NEARBY_VIEWER_NEXT);
    private static final String CUBE_PAGE_FIRST = centreOnce(NEARBY_PAGE_FIRST);

    /**
     * {@link #NEARBY_FIRST} (or {@link #NEARBY_NEXT}, {@link #NEARBY_VIEWER_FIRST},
     * {@link #NEARBY_VIEWER_NEXT}) as the service runs it: the same rows, with {@code limit} written
     * into the text and the centre computed once, for the reason given at {@link #nearbyMercator} —
     * otherwise PostgreSQL plans every execution of the prepared statement anew. The constants, with
     * a bound {@code :limit} and the centre in every row, are the reference tests compare against.
     */
    public static String nearbyCube(boolean viewer, boolean next, int limit) {
        requireRowCounts(limit, limit);
        int variant = 4 + (viewer ? 2 : 0) + (next ? 1 : 0);
        long key = ((long) variant << 42) | ((long) limit << 21) | limit;
        String cached = STATEMENT_TEXTS.get(key);
        if (cached != null) {
            return cached;
        }
        String template = viewer ? (next ? CUBE_VIEWER_NEXT : CUBE_VIEWER_FIRST) : (next ? CUBE_NEXT : CUBE_FIRST);
        String sql = withRowCounts(template, limit, limit);
        if (STATEMENT_TEXTS.size() < MAX_CACHED_TEXTS) {
            STATEMENT_TEXTS.putIfAbsent(key, sql);
        }
        return sql;
    }

    /** {@link #nearbyCube} (first page, no viewer) up to its page of (post id, chord); see {@link #nearbyMercatorPage}. */
    public static String nearbyCubePage(int limit) {
        return withRowCounts(CUBE_PAGE_FIRST, limit, limit);
    }

    /** {@code sql} with every occurrence of {@link #CENTER} computed once per statement ({@link #CENTER_ONCE}). */
    private static String centreOnce(String sql) {
        return sql.replace(CENTER, CENTER_ONCE);
    }

    /**
     * The same page as {@link #NEARBY_FIRST} (or {@link #NEARBY_NEXT}, {@link #NEARBY_VIEWER_FIRST},
     * {@link #NEARBY_VIEWER_NEXT}), from the 2-D index on {@code posts.mercator}; only for searches
     * {@link MercatorNearby#around} accepts, with its {@code :stretch} and {@code :reach}. {@code limit}
     * rows at most, from {@code candidates} plane-nearest ones.
     *
     * <p>{@code knn} is a nearest-neighbour scan of the Mercator index inside the plane circle that
     * holds the search circle, reading {@code candidates} rows (a few more than the page). The rows
     * are then measured exactly with {@code geo}, as the 3-D query measures them. {@code bound} decides
     * whether they provably hold the page (see {@link MercatorNearby}): when the scan ran out of posts
     * in the circle, or its farthest row is farther in the plane than any post within the page's
     * chord can be. Otherwise, rarely ({@code wide}, run only then), every post within that plane
     * distance is read too. The page is the first {@code limit} rows of both by (chord, post id).
     *
     * <p>The scan reads each candidate's row and carries the post's columns into the page, so the page
     * is not looked up again by primary key: the two spare rows cost one heap page each, the look-up
     * an index descent and the same heap page per post. (The index also carries {@code geo} and
     * {@code post_id}, which makes the page alone, {@link #nearbyMercatorPage}, index-only.)
     *
     * <p>The row counts are written into the statement rather than bound, and the centre is computed
     * in sub-selects: planning this statement costs about as much as running it, and PostgreSQL only
     * re-uses its generic plan of a prepared statement when that plan looks no dearer than the custom
     * ones. With a bound {@code LIMIT} it guesses 10% of the table and with the centre's expression
     * in every row it counts its cost per row, so it would plan every execution anew. One statement
     * text per page size is a handful of texts in pgjdbc's per-connection cache.
     */
    public static String nearbyMercator(boolean viewer, boolean next, int limit, int candidates) {
        requireRowCounts(limit, candidates);
        int variant = (viewer ? 2 : 0) + (next ? 1 : 0);
        long key = ((long) variant << 42) | ((long) limit << 21) | candidates;
        String cached = STATEMENT_TEXTS.get(key);
        if (cached != null) {
            return cached;
        }
        String template = viewer ? (next ? MERCATOR_VIEWER_NEXT : MERCATOR_VIEWER_FIRST)
                : (next ? MERCATOR_NEXT : MERCATOR_FIRST);
        String sql = withRowCounts(template, limit, candidates);
        if (STATEMENT_TEXTS.size() < MAX_CACHED_TEXTS) {
            STATEMENT_TEXTS.putIfAbsent(key, sql);
        }
        return sql;
    }

    /**
     * Statement texts already built, by variant and row counts: the same String each time lets Jdbi's
     * and pgjdbc's statement caches find it by its cached hash instead of hashing ~4 kB anew per search.
     * Bounded, since the row counts come from the caller's page size.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Long, String> STATEMENT_TEXTS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_TEXTS = 256;

    /**
     * {@link #nearbyMercator} (first page, no viewer) up to its page of (post id, chord), without
     * reading the posts: the nearby query alone, as benchmarks time it. The service never runs it.
     */
    public static String nearbyMercatorPage(int limit, int candidates) {
        return withRowCounts(MERCATOR_PAGE_FIRST, limit, candidates);
    }

    private static void requireRowCounts(int limit, int candidates) {
        if (limit < 1 || candidates < limit || candidates > 1 << 20) {
            throw new IllegalArgumentException("need 1 <= limit <= candidates <= 2^20, got limit " + limit
                    + " and candidates " + candidates);
        }
    }

    private static String withRowCounts(String template, int limit, int candidates) {
        requireRowCounts(limit, candidates);
        return template.replace(":candidates", Integer.toString(candidates))
                .replace(":limit", Integer.toString(limit));
    }

    /**
     * The CTEs of {@link #nearbyMercator}: {@code page} holds the page's (post id, chord), and with
     * {@code carry} the posts' {@link #carriedColumns} too. {@code :limit} and {@code :candidates} are
     * placeholders for {@link #withRowCounts}.
     */
    private static String mercatorPage(String cursorCondition, String filter, boolean carry) {
        String plane = "p.mercator <-> " + MERCATOR_CENTER;
        String carried = carry ? ", " + carriedColumns("p.") : "";
        String carriedNames = carry ? ", " + carriedColumns("") : "";
        String cursor = cursorCondition.replace(CENTER, CENTER_ONCE);
        // The page's k-th chord among the candidates, or the radius when fewer are in it.
        String kth = "coalesce((SELECT chord FROM knn WHERE chord <= :chord ORDER BY chord"
                + " OFFSET :limit - 1 LIMIT 1), :chord)";
        return "WITH knn AS ("
                + " SELECT p.post_id, p.geo <-> " + CENTER_ONCE + " AS chord, " + plane + " AS plane" + carried
                + " FROM posts p"
                + " WHERE p.mercator <@ circle(" + MERCATOR_CENTER + ", :reach)" + filter + cursor
                + " ORDER BY " + plane + " LIMIT :candidates),"
                + " bound AS ("
                + " SELECT count(*) = :candidates AND max(plane) <= :stretch * (" + kth + " + :slack) + :slack"
                + " AS unproven, :stretch * (" + kth + " + :slack) + :slack AS wider FROM knn),"
                + " wide AS ("
                + " SELECT p.post_id, p.geo <-> " + CENTER_ONCE + " AS chord" + carried + " FROM posts p"
                + " WHERE p.mercator <@ circle(" + MERCATOR_CENTER + ", (SELECT wider FROM bound))"
                + " AND (SELECT unproven FROM bound)" + filter + cursor + "),"
                + " page AS ("
                + " SELECT post_id, chord" + carriedNames + " FROM knn WHERE chord <= :chord"
                // wide, when it runs, holds every candidate knn read: only the others are added.
                + " UNION ALL"
                + " SELECT post_id, chord" + carriedNames + " FROM wide WHERE chord <= :chord"
                + " AND post_id NOT IN (SELECT post_id FROM knn)"
                + " ORDER BY chord, post_id LIMIT :limit)";
    }

    /**
     * {@code others}: the CTEs of the page of other users' posts ({@code page}), from {@link #cubePage}
     * or {@link #mercatorPage}; {@code shown} merges it with the viewer's own page. With {@code carry}
     * (the Mercator statements) the centre is computed once, as in {@link #mercatorPage}.
     */
    /**
     * Degrees of latitude the search circle spans on either side of its centre: the angle of the chord
     * {@code :chord} on the unit sphere, plus 1e-9° (0.1 mm) so that rounding never drops a post on
     * the circle. A post farther in latitude is farther in angle, so it cannot be within the chord;
     * the band only narrows what posts_author_latitude_idx reads, the chord still decides. The bounds
     * are sub-selects so that no plan is costed on their values: a custom plan costed on a narrow band
     * would always look cheaper than the generic one, and the statement would be planned per search.
     */
    private static final String OWN_LATITUDE_SPAN = "(degrees(2 * asin(least(1.0, :chord / 2))) + 1e-9)";

    private static String viewerNearby(String others, String ownCursor, boolean carry) {
        String exact = "cube(ARRAY[cos(radians(p.latitude)) * cos(radians(p.longitude)),"
                + " cos(radians(p.latitude)) * sin(radians(p.longitude)), sin(radians(p.latitude))])";
        String carried = carry ? ", " + carriedColumns("p.") : "";
        String carriedNames = carry ? ", " + carriedColumns("") : "";
        return others
                + ", own AS (SELECT p.post_id, " + exact + " <-> " + (carry ? CENTER_ONCE : CENTER) + " AS chord" + carried + " FROM posts p"
                + " WHERE p.author_id = :viewer AND p.latitude BETWEEN (SELECT :lat - " + OWN_LATITUDE_SPAN
                + ") AND (SELECT :lat + " + OWN_LATITUDE_SPAN + ")),"
                + " mine AS (SELECT post_id, chord" + carriedNames + " FROM own WHERE own.chord <= :chord" + ownCursor
                + " ORDER BY chord, post_id LIMIT :limit),"
                + " shown AS (SELECT post_id, chord" + carriedNames + " FROM page"
                + " UNION ALL SELECT post_id, chord" + carriedNames + " FROM mine"
                + " ORDER BY chord, post_id LIMIT :limit)"
                + (carry ? carriedPostsOf("shown") : postsOf("shown"));
    }

    private static String nearby(String cursorCondition, String filter) {
        return cubePage(cursorCondition, filter) + postsOf("page");
    }

    /** {@link #nearbyMercator} without a viewer; {@code :limit} and {@code :candidates} are placeholders. */
    private static String mercatorNearby(String cursorCondition, String filter) {
        return mercatorPage(cursorCondition, filter, true) + carriedPostsOf("page");
    }

    /** The CTEs of {@link #NEARBY_FIRST}: {@code page} holds the page's (post id, chord). */
    private static String cubePage(String cursorCondition, String filter) {
        return "WITH knn AS ("
                + " SELECT p.post_id, p.geo <-> " + CENTER + " AS chord FROM posts p"
                + " WHERE p.geo <@ cube_enlarge(" + CENTER + ", :box, 3)" + filter + cursorCondition
                + " ORDER BY p.geo <-> " + CENTER + " LIMIT :limit),"
                + " page AS ("
                + " SELECT post_id, chord FROM knn WHERE chord <= :chord"
                + " UNION"
                + " SELECT p.post_id, p.geo <-> " + CENTER + " FROM posts p"
                + " WHERE p.geo <@ cube_enlarge(" + CENTER + ", (SELECT max(chord) FROM knn) + :slack, 3)"
                + " AND p.geo <-> " + CENTER + " = (SELECT max(chord) FROM knn)"
                // Ties beyond the radius are dropped anyway; this gate skips their scan.
                + " AND (SELECT max(chord) FROM knn) <= :chord" + filter
                // knn fetches one row more than the page. When its farthest distance occurs once,
                // that row lies past the page and nothing the page needs can tie with it; only a
                // shared farthest distance can hide tied posts beyond the LIMIT.
                + " AND (SELECT count(*) FROM knn WHERE chord = (SELECT max(chord) FROM knn)) > 1"
                + cursorCondition
                + " ORDER BY chord, post_id LIMIT :limit)";
    }

    /** A user's bookmarks, most recent first; ties on the time are broken by post id. */
    public static final String BOOKMARKS_FIRST = bookmarks("");
    public static final String BOOKMARKS_NEXT = bookmarks(
            " AND (b.created_at, b.post_id) < ('epoch'::timestamptz + :afterMicros * interval '1 microsecond', :afterId)");

    private static String bookmarks(String cursorCondition) {
        return "SELECT " + POST_COLUMNS + ","
                + " (extract(epoch FROM b.created_at) * 1000000)::bigint AS bookmarked_micros"
                + " FROM bookmarks b JOIN posts p ON p.post_id = b.post_id JOIN users u ON u.id = p.author_id"
                + " WHERE b.user_id = :userId" + cursorCondition
                + " ORDER BY b.created_at DESC, b.post_id DESC LIMIT :limit";
    }

    public static final String DELETE_POST = "WITH p AS (DELETE FROM posts WHERE post_id = :id RETURNING *)"
            + " SELECT " + POST_COLUMNS + " FROM p JOIN users u ON u.id = p.author_id";

    /**
     * Adds a like or bookmark made at {@code :at} and bumps the post's counter of the same name in
     * one statement, only when a row was really inserted. The UPDATE locks the post row before the
     * foreign-key check does, so concurrent reactions on one post queue up instead of deadlocking,
     * and each re-reads the counter it increments.
     */
    public static String addReaction(String table) {
        return "WITH ins AS (INSERT INTO " + table + " (post_id, user_id, created_at) VALUES (:postId, :userId, :at)"
                + " ON CONFLICT DO NOTHING RETURNING post_id)"
                + " UPDATE posts SET " + table + " = " + table + " + 1"
                + " WHERE post_id IN (SELECT post_id FROM ins) RETURNING 1";
    }

    public static String removeReaction(String table) {
        return "WITH del AS (DELETE FROM " + table + " WHERE post_id = :postId AND user_id = :userId"
                + " RETURNING post_id)"
                + " UPDATE posts SET " + table + " = " + table + " - 1"
                + " WHERE post_id IN (SELECT post_id FROM del) RETURNING 1";
    }

    /**
     * One reaction of a batch, of any of the four kinds ({@code :verb} is "like", "unlike",
     * "bookmark" or "unbookmark"), so that a whole batch is one JDBC batch of one statement: {@link
     * #addReaction} and {@link #removeReaction} for both tables side by side, each part doing nothing
     * unless it is the one {@code :verb} names. The post's counters move by {@code :likes} and
     * {@code :bookmarks} only when a row was really inserted or deleted, so the update count is 1
     * when the reaction changed something and 0 when it did not.
     */
    public static final String REACT = "WITH like_ins AS (" + gatedInsert("likes", "like") + "),"
            + " like_del AS (" + gatedDelete("likes", "unlike") + "),"
            + " bookmark_ins AS (" + gatedInsert("bookmarks", "bookmark") + "),"
            + " bookmark_del AS (" + gatedDelete("bookmarks", "unbookmark") + "),"
            + " changed AS (SELECT post_id FROM like_ins UNION ALL SELECT post_id FROM like_del"
            + " UNION ALL SELECT post_id FROM bookmark_ins UNION ALL SELECT post_id FROM bookmark_del)"
            + " UPDATE posts SET likes = likes + :likes, bookmarks = bookmarks + :bookmarks"
            + " WHERE post_id IN (SELECT post_id FROM changed)";

    private static String gatedInsert(String table, String verb) {
        return "INSERT INTO " + table + " (post_id, user_id, created_at) SELECT :postId, :userId, :at"
                + " WHERE :verb = '" + verb + "' ON CONFLICT DO NOTHING RETURNING post_id";
    }

    private static String gatedDelete(String table, String verb) {
        return "DELETE FROM " + table + " WHERE :verb = '" + verb + "' AND post_id = :postId"
                + " AND user_id = :userId RETURNING post_id";
    }

    /** Which of the posts and users of a batch exist. */
    public static final String REACTION_TARGETS = """
            SELECT 'post' AS kind, post_id AS id FROM posts WHERE post_id = ANY(:postIds)
            UNION ALL
            SELECT 'user', id FROM users WHERE id = ANY(:userIds)""";

    /** Locks posts in the (sorted) order of {@code :ids}, so that batches take them in one fixed order. */
    public static final String LOCK_POSTS = "SELECT post_id FROM posts WHERE post_id = ANY(:ids) ORDER BY post_id"
            + " FOR NO KEY UPDATE";

    public static final String TAGS_OF_POST = "SELECT tag FROM post_tags WHERE post_id = :id";

    public static final String USER_EXISTS = "SELECT EXISTS (SELECT 1 FROM users WHERE id = :id)";

    public static final String ADD_COMMENT = """
            WITH ins AS (INSERT INTO comments (id, post_id, author_id, created_at, text)
                         VALUES (:id, :postId, :authorId, :createdAt, :text) RETURNING post_id)
            UPDATE posts SET comments = comments + 1 WHERE post_id IN (SELECT post_id FROM ins)""";

    public static final String REACTION_TARGETS_EXIST = """
            SELECT EXISTS (SELECT 1 FROM posts WHERE post_id = :postId),
                   EXISTS (SELECT 1 FROM users WHERE id = :userId)""";

    public static final String REMOVE_COMMENT = """
            WITH del AS (DELETE FROM comments WHERE id = :id RETURNING post_id)
            UPDATE posts SET comments = comments - 1 WHERE post_id IN (SELECT post_id FROM del) RETURNING 1""";

    static final String COMMENT_COLUMNS =
            "SELECT c.id, c.post_id, c.author_id, u.username, c.created_at, c.text"
            + " FROM comments c JOIN users u ON u.id = c.author_id ";

    public static final String FIND_COMMENT = COMMENT_COLUMNS + "WHERE c.id = :id";

    /** Oldest first (comment ids are UUIDv7). */
    public static final String COMMENTS_FIRST = COMMENT_COLUMNS
            + "WHERE c.post_id = :postId ORDER BY c.id LIMIT :limit";
    public static final String COMMENTS_NEXT = COMMENT_COLUMNS
            + "WHERE c.post_id = :postId AND c.id > :after ORDER BY c.id LIMIT :limit";
}

package dev.tanken.activity;

/**
 * The actions Tanken records, and the subject types they refer to. Each action is the name of one
 * kind of {@link dev.tanken.db.Write} ({@code Write.action()}); likes and the other reactions have
 * one action per kind.
 */
public final class Actions {
    public static final String USER_CREATE = "user.create";
    public static final String USER_PRECISION = "user.precision";
    public static final String USER_RENAME = "user.rename";
    public static final String USER_DELETE = "user.delete";
    public static final String POST_CREATE = "post.create";
    public static final String POST_DELETE = "post.delete";
    public static final String POST_TAGS = "post.tags";
    public static final String POST_LIKE = "post.like";
    public static final String POST_UNLIKE = "post.unlike";
    public static final String POST_BOOKMARK = "post.bookmark";
    public static final String POST_UNBOOKMARK = "post.unbookmark";
    public static final String COMMENT_CREATE = "comment.create";
    public static final String COMMENT_DELETE = "comment.delete";
    public static final String POST_PLACE = "post.place";
    public static final String POST_PRECISION = "post.precision";
    public static final String POST_CAPTION = "post.caption";

    public static final String SUBJECT_USER = "user";
    public static final String SUBJECT_POST = "post";
    public static final String SUBJECT_COMMENT = "comment";

    /** Every action above, in the order listed. */
    public static final java.util.List<String> ALL = java.util.List.of(USER_CREATE, USER_PRECISION, POST_CREATE,
            POST_DELETE, POST_TAGS, POST_LIKE, POST_UNLIKE, POST_BOOKMARK, POST_UNBOOKMARK, COMMENT_CREATE,
            COMMENT_DELETE, POST_PLACE, POST_PRECISION, POST_CAPTION,
            USER_RENAME, USER_DELETE);

    /** Every subject type above. */
    public static final java.util.List<String> SUBJECT_TYPES = java.util.List.of(SUBJECT_USER, SUBJECT_POST,
            SUBJECT_COMMENT);

    private Actions() {
    }
}

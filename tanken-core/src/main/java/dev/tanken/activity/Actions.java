package dev.tanken.activity;

/**
 * The actions Tanken records, and the subject types they refer to. Each action is the name of one
 * kind of {@link dev.tanken.db.Write} ({@code Write.action()}); likes and the other reactions have
 * one action per kind.
 */
public final class Actions {
    public static final String USER_CREATE = "user.create";
    public static final String USER_PRECISION = "user.precision";
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

    public static final String SUBJECT_USER = "user";
    public static final String SUBJECT_POST = "post";
    public static final String SUBJECT_COMMENT = "comment";

    private Actions() {
    }
}

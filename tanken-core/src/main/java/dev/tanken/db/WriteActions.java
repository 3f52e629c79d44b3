package dev.tanken.db;

import dev.tanken.activity.Actions;

/** The action each kind of write is logged as. */
final class WriteActions implements Write.Cases<String, RuntimeException> {
    static final WriteActions INSTANCE = new WriteActions();

    private WriteActions() {
    }

    @Override
    public String createUser(Write.CreateUser w) {
        return Actions.USER_CREATE;
    }

    @Override
    public String setDefaultPrecision(Write.SetDefaultPrecision w) {
        return Actions.USER_PRECISION;
    }

    @Override
    public String createPost(Write.CreatePost w) {
        return Actions.POST_CREATE;
    }

    @Override
    public String setTags(Write.SetTags w) {
        return Actions.POST_TAGS;
    }

    @Override
    public String deletePost(Write.DeletePost w) {
        return Actions.POST_DELETE;
    }

    @Override
    public String reaction(Write.Reaction w) {
        return "post." + w.verb();
    }

    @Override
    public String addComment(Write.AddComment w) {
        return Actions.COMMENT_CREATE;
    }

    @Override
    public String removeComment(Write.RemoveComment w) {
        return Actions.COMMENT_DELETE;
    }

    @Override
    public String setPlaceName(Write.SetPlaceName w) {
        return Actions.POST_PLACE;
    }

    @Override
    public String setPostPrecision(Write.SetPostPrecision w) {
        return Actions.POST_PRECISION;
    }

    @Override
    public String setCaption(Write.SetCaption w) {
        return Actions.POST_CAPTION;
    }

    @Override
    public String renameUser(Write.RenameUser w) {
        return Actions.USER_RENAME;
    }

    @Override
    public String deleteUser(Write.DeleteUser w) {
        return Actions.USER_DELETE;
    }
}

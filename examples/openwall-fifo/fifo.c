// SPDX-License-Identifier: GPL-2.0
/*
 * Openwall's FIFO restriction (Linux's fs.protected_fifos) as a wrapper
 * around may_open() (fs/namei.c).
 *
 * The kernel makes the check in may_create_in_sticky(), which gcc inlined
 * into path_openat(); it reads the directory's mode and owner that the path
 * walk saved in struct nameidata, private to fs/namei.c.  path_openat() then
 * calls may_open() for the same open, before vfs_open() (where an open of a
 * FIFO blocks for its other end) and before any truncation, with the opened
 * dentry and the open flags: the wrapper finds the directory as the dentry's
 * parent, makes the same check for an existing FIFO, and runs the kernel's
 * own may_open() as orig_may_open().  The update's predicate sends only
 * O_CREAT opens here.
 *
 * A file the open has just created belongs to the opener, so the check
 * passes for it, as the kernel's does.
 */
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/uidgid.h>

/**
 * fifo_open_refused - whether the kernel's may_create_in_sticky() would
 *                     refuse this O_CREAT open of a FIFO
 * @mnt_userns: user namespace of the mount the inode was found from
 * @path: the opened file
 * @level: as fs.protected_fifos: 1 world-writable sticky directories,
 *         2 also group-writable ones
 */
static bool fifo_open_refused(struct user_namespace *mnt_userns,
			      const struct path *path, u8 level)
{
	struct inode *inode = d_backing_inode(path->dentry);
	struct dentry *parent;
	umode_t dir_mode;
	kuid_t dir_uid, uid;

	if (!level || !inode || !S_ISFIFO(inode->i_mode))
		return false;
	uid = i_uid_into_mnt(mnt_userns, inode);
	if (uid_eq(current_fsuid(), uid))
		return false;

	parent = dget_parent(path->dentry);
	dir_mode = d_inode(parent)->i_mode;
	dir_uid = i_uid_into_mnt(mnt_userns, d_inode(parent));
	dput(parent);

	if (!(dir_mode & S_ISVTX) || uid_eq(uid, dir_uid))
		return false;
	return (dir_mode & S_IWOTH) || (level >= 2 && (dir_mode & S_IWGRP));
}

int may_open_fifo_checked(struct user_namespace *mnt_userns,
			  const struct path *path, int acc_mode, int flag)
{
	if ((flag & O_CREAT) &&
	    fifo_open_refused(mnt_userns, path, dynamos_knob_protected_fifos())) {
		audit_log_path_denied(AUDIT_ANOM_CREAT, "sticky_create_fifo");
		return -EACCES;
	}
	return orig_may_open(mnt_userns, path, acc_mode, flag);
}

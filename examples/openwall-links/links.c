// SPDX-License-Identifier: GPL-2.0
/*
 * Openwall's restricted links (Linux's fs.protected_symlinks and
 * fs.protected_hardlinks) as wrappers: each makes the check of the kernel's
 * own code (fs/namei.c) and then runs the kernel's function as orig_F().
 *
 * Symlinks: may_follow_link() is inlined into step_into(), and reads the
 * directory's mode and owner that the path walk saved in struct nameidata,
 * private to fs/namei.c.  step_into() calls security_inode_follow_link()
 * for each symlink it follows, with the symlink's dentry; the wrapper finds
 * the directory as the dentry's parent.  Unlike the sysctl, which checks
 * only the last component of a path, the wrapper checks every symlink a
 * path walk follows (/tmp/link/file too), and takes owners as the inodes
 * hold them (no idmapped mounts: it does not see the mount).
 *
 * Hard links: may_linkat() has code of its own; the wrapper runs it first
 * (it refuses ids that cannot be written back) and then makes the check
 * that the sysctl's branch makes.
 */
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>

/**
 * follow_refused - whether may_follow_link() would refuse to follow a symlink
 * @dentry: the symlink
 * @inode: its inode
 *
 * Refused when the follower does not own the symlink, its directory is
 * sticky and world-writable, and the directory's owner does not own it.
 * In an RCU path walk the parent is read under RCU, as the walk itself
 * reads it.
 */
static bool follow_refused(struct dentry *dentry, struct inode *inode)
{
	struct inode *dir;
	umode_t dir_mode;
	kuid_t dir_uid;

	if (uid_eq(current_cred()->fsuid, inode->i_uid))
		return false;

	rcu_read_lock();
	dir = d_inode_rcu(READ_ONCE(dentry->d_parent));
	dir_mode = dir ? READ_ONCE(dir->i_mode) : 0;
	dir_uid = dir ? dir->i_uid : INVALID_UID;
	rcu_read_unlock();

	if ((dir_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH))
		return false;
	return !(uid_valid(dir_uid) && uid_eq(dir_uid, inode->i_uid));
}

int follow_link_checked(struct dentry *dentry, struct inode *inode, bool rcu)
{
	if (follow_refused(dentry, inode)) {
		if (rcu)
			return -ECHILD;	/* the walk retries by reference, and asks again */
		audit_log_path_denied(AUDIT_ANOM_LINK, "follow_link");
		return -EACCES;
	}
	return orig_security_inode_follow_link(dentry, inode, rcu);
}

/**
 * safe_hardlink_source - as fs/namei.c's: a regular file, not setuid, not
 *                        setgid-executable, that the caller may read and write
 * @mnt_userns: user namespace of the mount the inode was found from
 * @inode: the source inode
 */
static bool safe_hardlink_source(struct user_namespace *mnt_userns,
				 struct inode *inode)
{
	umode_t mode = inode->i_mode;

	if (!S_ISREG(mode))
		return false;
	if (mode & S_ISUID)
		return false;
	if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		return false;
	return !inode_permission(mnt_userns, inode, MAY_READ | MAY_WRITE);
}

int may_linkat_checked(struct user_namespace *mnt_userns,
		       const struct path *link)
{
	struct inode *inode = link->dentry->d_inode;
	int error = orig_may_linkat(mnt_userns, link);

	if (error)
		return error;
	if (safe_hardlink_source(mnt_userns, inode) ||
	    inode_owner_or_capable(mnt_userns, inode))
		return 0;
	audit_log_path_denied(AUDIT_ANOM_LINK, "linkat");
	return -EPERM;
}

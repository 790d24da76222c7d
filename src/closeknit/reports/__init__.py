"""Answers + scores -> explainable reports (one person, or two views side by side).

Rules and thresholds: :mod:`closeknit.reports.build` and docs/method.md.
"""

from closeknit.reports.build import build_joint_report, build_report
from closeknit.reports.render import render_report
from closeknit.reports.types import JointReport, Report

__all__ = ["JointReport", "Report", "build_joint_report", "build_report", "render_report"]

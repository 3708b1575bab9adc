"""Objectives: yearly decisions, their objectives and typed targets, and the approval workflow."""

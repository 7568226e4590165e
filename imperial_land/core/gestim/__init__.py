"""gestim"""
